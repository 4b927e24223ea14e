/** The input files' shape is enforced through the generated validators, with messages that quote the data and the schema. */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import validateClusterSchema from '../../generated/cluster-schema-validator.js';
import { schemaDiagnostics, SchemaValidator } from '../../src/checks/schema.js';
import { readProjectFile, ROOT } from '../helpers.js';

const validate = validateClusterSchema as unknown as SchemaValidator;

describe('cluster JSON Schema', () => {
  it('is enforced through the precompiled validator, with the data and schema that messages quote', () => {
    const spec = {
      name: 'x', cilium: { version: '1.20.0', routingMode: 'nativ' }, k3s: { apiServer: { host: 'h' }, tokenFile: 't' },
      nodes: [{ name: 'n', role: 'server', address: '10.0.0.1/24', lables: {} }],
    };
    expect(schemaDiagnostics(validate, spec)).toEqual([
      expect.objectContaining({ path: 'cilium.routingMode', message: '"nativ" is not allowed' }),
      expect.objectContaining({ path: 'nodes[0].lables', message: 'unknown key "lables"', fix: 'Did you mean "labels"?' }),
    ]);
  });

  it('is what the editor header of every cluster file in the project points at', () => {
    const files = ['clusters', 'examples', 'test/fixtures/clusters', 'test/fixtures/valid', 'test/fixtures/invalid']
      .filter((dir) => existsSync(join(ROOT, dir))) // a template user may delete examples/
      .flatMap((dir) => readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.yaml')).map((f) => `${dir}/${f}`));
    for (const file of files) {
      const header = /^# yaml-language-server: \$schema=(\S+)\n/.exec(readProjectFile(file));
      expect(header, file).not.toBeNull();
      expect(resolve(dirname(join(ROOT, file)), header![1]), file).toBe(join(ROOT, 'schema/cluster.schema.json'));
    }
  });
});
