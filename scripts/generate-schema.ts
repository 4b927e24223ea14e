/**
 * Writes schema/cluster.schema.json from the ClusterSpec interfaces (constructs/cluster-spec.ts),
 * so the TypeScript API and the cluster file cannot drift. A test fails when the committed file
 * differs from what this generates.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clusterJsonSchema } from '../src/generate-cluster-schema.js';

const root = resolve(import.meta.dirname, '..');
writeFileSync(join(root, 'schema', 'cluster.schema.json'), clusterJsonSchema(root));
console.error('npm run schema: wrote schema/cluster.schema.json');
