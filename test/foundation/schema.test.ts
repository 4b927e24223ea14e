/** schema/cluster.schema.json is generated from constructs/cluster-spec.ts and must not drift. */
import { describe, expect, it } from 'vitest';
import { clusterJsonSchema } from '../../src/generate-cluster-schema.js';
import { readProjectFile, ROOT } from '../helpers.js';

describe('cluster JSON Schema', () => {
  it('is what `npm run schema` generates from the ClusterSpec interfaces', () => {
    expect(readProjectFile('schema/cluster.schema.json')).toBe(clusterJsonSchema(ROOT));
  });

  it('is referenced by the default cluster file for editor completion', () => {
    expect(readProjectFile('clusters/homelab.yaml')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/cluster\.schema\.json\n/);
  });
});
