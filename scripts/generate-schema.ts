/**
 * Writes schema/cluster.schema.json from the ClusterSpec interfaces (constructs/cluster-spec.ts),
 * so the TypeScript API and the cluster file cannot drift, and the schema's precompiled validator
 * (src/cluster-schema-validator.generated.ts). A test fails when a committed file differs from
 * what this generates.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clusterJsonSchema } from '../src/generate-cluster-schema.js';
import { clusterSchemaValidatorSource } from '../src/generate-schema-validator.js';

const root = resolve(import.meta.dirname, '..');
const schema = clusterJsonSchema(root);
writeFileSync(join(root, 'schema', 'cluster.schema.json'), schema);
writeFileSync(join(root, 'src', 'cluster-schema-validator.generated.ts'), clusterSchemaValidatorSource(schema));
console.error('npm run schema: wrote schema/cluster.schema.json and src/cluster-schema-validator.generated.ts');
