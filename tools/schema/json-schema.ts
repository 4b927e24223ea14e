/** JSON Schemas of the input files, generated from their TypeScript interfaces in src/model/. */
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

/** The input files: schema file name → the interface and the module that declares it. */
export const INPUT_SCHEMAS = {
  cluster: { type: 'ClusterSpec', module: 'src/model/cluster-spec.ts', title: 'k3s-cilium-cdk8s cluster file' },
  fleet: { type: 'FleetSpec', module: 'src/model/fleet-spec.ts', title: 'k3s-cilium-cdk8s fleet file' },
} as const;

export type InputKind = keyof typeof INPUT_SCHEMAS;

/** The schema text of one input file, as `schema/<kind>.schema.json` holds it. */
export function inputJsonSchema(root: string, kind: InputKind): string {
  const { type, module, title } = INPUT_SCHEMAS[kind];
  const schema = createGenerator({
    path: join(root, module),
    tsconfig: join(root, 'tsconfig.json'),
    type,
    additionalProperties: false,
    sortProps: true,
    skipTypeCheck: true,
    topRef: true,
  }).createSchema(type);
  return JSON.stringify({ ...schema, title }, null, 2) + '\n';
}
