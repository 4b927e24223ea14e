/** JSON Schema of the cluster file, generated from the ClusterSpec TypeScript interfaces. */
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

export function clusterJsonSchema(root: string): string {
  const schema = createGenerator({
    path: join(root, 'constructs', 'cluster-spec.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: 'ClusterSpec',
    additionalProperties: false,
    sortProps: true,
    skipTypeCheck: true,
    topRef: true,
  }).createSchema('ClusterSpec');
  return JSON.stringify({ ...schema, title: 'k3s-cilium-cdk8s cluster file' }, null, 2) + '\n';
}
