/** The checks run as cdk8s validations of K3sCiliumCluster, with the CLI's messages. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { K3sCiliumCluster } from '../../constructs/k3s-cilium-cluster.js';
import { HOMELAB, ROOT } from '../helpers.js';

describe('K3sCiliumCluster validations', () => {
  it('fails synth with the same message the cluster file gets', () => {
    const file = 'test/fixtures/invalid/overlap-touching-one-address.yaml';
    const app = new App({ outdir: '/dev/null' });
    new K3sCiliumCluster(app, 't', { spec: parse(readFileSync(join(ROOT, file), 'utf8')), source: file });
    const expected = readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('# expect: '))
      .map((l) => l.slice('# expect: '.length))
      .join('\n');
    expect(() => app.synthYaml()).toThrow(expected);
  });

  it('passes for a valid spec', () => {
    const app = Testing.app();
    const spec = parse(readFileSync(join(ROOT, HOMELAB), 'utf8'));
    new K3sCiliumCluster(app, 'homelab', { spec });
    expect(() => app.synthYaml()).not.toThrow();
  });
});
