/**
 * Property test against the real chart: random cluster files over the whole model (Cilium options,
 * node counts and roles, single- and dual-stack, L2 and BGP pools of any size, lease timings, API
 * endpoints) that the project accepts render through the real chart of their release without error,
 * with every flag of cilium-config free of exponent notation and the intent deployed; those it
 * refuses only for a chart rule (check 29) the real chart refuses too, with the same message. The
 * files are sampled up front and rendered in parallel (helm takes ~0.3 s a render); the seed is in
 * every failure message (K3S_CILIUM_PROPERTY_SEED replays one).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { stringify } from 'yaml';
import { renderClusterFile } from '../../src/cli/render.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { chartRulesFailing } from '../../src/model/cilium-chart-rules.js';
import { ciliumCapabilities } from '../../src/model/cilium-versions.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { ciliumChart, helmTemplate, HelmTemplateError } from '../../tools/upstream/index.js';
import { describeWithReference } from '../conformance/reference.js';
import { expectDeploysIntent } from './intent.js';
import { randomCluster } from './random-cluster.js';

/** Per held release: accepted files are what the test is about, so most samples are plausible. */
const RUNS_PER_RELEASE = 10;

const CHART_RULE = /^the Cilium [0-9.]+ chart refuses the values this renders/;
const envSeed = Number(process.env.K3S_CILIUM_PROPERTY_SEED);
const seed = Number.isFinite(envSeed) ? envSeed : Date.now() % 2 ** 31;

describeWithReference('random cluster files through the real chart', (ref) => {
  const releases = ref.ciliumReleases();
  const samples = releases.flatMap((release, i) => fc.sample(randomCluster(release), { seed: seed + i, numRuns: RUNS_PER_RELEASE })
    .map((spec) => ({ release, spec })));

  test(`accepted files render through the chart of their release, refused-by-chart-rule ones fail there (seed ${seed})`, async () => {
    const outcomes = await Promise.all(samples.map(async ({ release, spec }) => {
      const text = stringify(spec);
      const loaded = loadClusterText('random.yaml', text);
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      const byChartRule = errors.length > 0 && errors.every((d) => CHART_RULE.test(d.message));
      if (!loaded.cluster && !byChartRule) return { kind: 'refused' as const };
      const where = `seed ${seed}, Cilium ${spec.cilium.version} judged by the ${release} chart:\n${text}`;
      if (byChartRule) {
        const cluster = resolveCluster(spec);
        const rules = chartRulesFailing(ciliumCapabilities(release)!.minor, cluster.cilium.values);
        const failure = await helmTemplate({ chart: ciliumChart(release), values: stringify(cluster.cilium.values) }).then(() => undefined, (e: unknown) => e);
        expect(failure, where).toBeInstanceOf(HelmTemplateError);
        expect(rules.map((r) => r.message.trim()), where).toContain((failure as HelmTemplateError).reason);
        return { kind: 'chart-rule' as const };
      }
      const values = renderClusterFile({ file: 'random.yaml', cluster: loaded.cluster!, diagnostics: loaded.diagnostics }).get('random/cilium/values.yaml')!;
      const { objects } = await helmTemplate({ chart: ciliumChart(release), values }).catch((e: unknown) => {
        throw new Error(`${String(e)}\n${where}`);
      });
      expect(() => expectDeploysIntent(objects, loaded.cluster!), where).not.toThrow();
      return { kind: 'accepted' as const };
    }));
    const count = (kind: string) => outcomes.filter((o) => o.kind === kind).length;
    // Most samples are plausible: the chart must have judged a real share of them.
    expect(count('accepted'), `seed ${seed}`).toBeGreaterThanOrEqual(samples.length / 3);
  });
});
