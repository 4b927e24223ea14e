/** schema/cluster.schema.json and its precompiled validator are generated from constructs/cluster-spec.ts and must not drift. */
import { describe, expect, it } from 'vitest';
import { clusterJsonSchema } from '../../src/generate-cluster-schema.js';
import { clusterSchemaValidatorSource } from '../../src/generate-schema-validator.js';
import { schemaDiagnostics } from '../../src/cluster-file.js';
import { readProjectFile, ROOT } from '../helpers.js';

describe('cluster JSON Schema', () => {
  it('is what `npm run schema` generates from the ClusterSpec interfaces', () => {
    expect(readProjectFile('schema/cluster.schema.json')).toBe(clusterJsonSchema(ROOT));
  });

  it('has its precompiled validator, src/cluster-schema-validator.generated.ts, generated from the committed schema', () => {
    expect(readProjectFile('src/cluster-schema-validator.generated.ts')).toBe(clusterSchemaValidatorSource(readProjectFile('schema/cluster.schema.json')));
  });

  it('is enforced through the precompiled validator, with the data and schema that messages quote', () => {
    expect(schemaDiagnostics({ name: 'x', cilium: { version: '1.20.0', routingMode: 'nativ' }, k3s: { apiServer: { host: 'h' }, tokenFile: 't' }, nodes: [{ name: 'n', role: 'server', address: '10.0.0.1/24', lables: {} }] })).toEqual([
      expect.objectContaining({ path: 'cilium.routingMode', message: '"nativ" is not allowed' }),
      expect.objectContaining({ path: 'nodes[0].lables', message: 'unknown key "lables"', fix: 'Did you mean "labels"?' }),
    ]);
  });

  it('is referenced by the default cluster file for editor completion', () => {
    expect(readProjectFile('clusters/homelab.yaml')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/cluster\.schema\.json\n/);
  });
});
