/**
 * generated/cilium-value-effects.ts, which the network review reads to say what a Helm value change
 * restarts, is what the real charts deploy: regenerated here and compared (run `npm run value-effects`
 * when this fails), and it covers every value path the examples and fixtures render.
 */
import { expect, test } from 'vitest';
import { valuePaths } from '../../src/conformance/helm-values.js';
import { valueEffects, valueEffectsSource } from '../../tools/upstream/value-effects.js';
import { VALUE_EFFECTS } from '../../generated/cilium-value-effects.js';
import { describeWithReference } from '../conformance/reference.js';
import { readProjectFile, ROOT } from '../helpers.js';
import { loadValidFor, representativeRuns } from '../representative.js';

describeWithReference('the Helm value effects the network review reads', (ref) => {
  test('are what the real chart of each held release deploys', async () => {
    const generated = valueEffectsSource(await valueEffects(ROOT, ref.ciliumReleases()));
    expect(readProjectFile('generated/cilium-value-effects.ts')).toBe(generated);
    // Two renders per value path and release (about 40 paths since the datapath fields): minutes on a loaded 2-core machine.
  }, 600_000);

  test('name every value path the representative clusters render, on every held release', () => {
    const runs = representativeRuns(ref.ciliumReleases()).runs.filter((r) => !r.file.startsWith('clusters/'));
    for (const { release, file } of runs) {
      for (const path of valuePaths(loadValidFor(file, release).cluster.cilium.values)) {
        expect(VALUE_EFFECTS[release]?.[path], `${release} ${path}`).toBeDefined();
      }
    }
    // What the agents must restart for is known for the values that matter most.
    expect(VALUE_EFFECTS['1.20.0']['k8sServiceHost']).toContain('agents');
    expect(VALUE_EFFECTS['1.20.0']['routingMode']).toContain('config');
  });
});
