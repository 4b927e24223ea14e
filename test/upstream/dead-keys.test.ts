/**
 * No dead keys: every key path of the rendered Cilium values, on every held release, changes what the
 * real chart deploys when its value changes (compared with the chart's generated certificates
 * blanked). A key whose removal changes nothing equals the chart's default: it is listed below with
 * why it is kept, and the list may hold nothing else. Removing a key is the same as setting it to
 * the default of the chart's values.yaml, so where that default differs, one render answers both.
 * The key is varied as tools/upstream/value-probes.ts says, the same way the value-effects probe
 * varies it, so each probe render serves both. Keys are probed one per render: probing several in
 * one render (and bisecting when it changes) saves renders only where most keys change nothing, and
 * here almost every key is live, so each still needs a render of its own to show it.
 */
import { expect, test } from 'vitest';
import { valuePaths } from '../../src/conformance/helm-values.js';
import { PROBED_DIRECTORIES } from '../../tools/upstream/value-effects.js';
import { changedValue, getPath } from '../../tools/upstream/value-paths.js';
import { deployed as render, sameDeployed as same, valueProbe } from '../../tools/upstream/value-probes.js';
import { describeWithReference } from '../conformance/reference.js';
import { loadValidFor, representativeRuns } from '../representative.js';

/** Keys rendered with the chart's default value (path → value): removing them changes nothing, but the file reads better with them. */
const EQUAL_TO_CHART_DEFAULT: Readonly<Record<string, { value: unknown; reason: string }>> = {
  'hubble.enabled': { value: true, reason: 'says outright that Hubble runs, next to the relay and UI switches the cluster file sets' },
  'hubble.relay.enabled': { value: false, reason: 'rendered from cilium.hubble.relay either way, so the values show the choice' },
  'hubble.ui.enabled': { value: false, reason: 'rendered from cilium.hubble.ui either way, so the values show the choice' },
  'operator.replicas': { value: 2, reason: 'rendered from the node count either way (1 on one node), so the values show the choice' },
  'bgpControlPlane.secretsNamespace.name': {
    value: 'kube-system', reason: 'the namespace README and PLAN.md tell users to create the BGP password Secret in, stated where the agents read it',
  },
};

type Values = Record<string, any>;

describeWithReference('no dead keys in the Cilium values', (ref) => {
  const releases = ref.ciliumReleases();
  // The clusters tools/upstream/value-effects.ts probes, in its order, then the rest (clusters/): a key path is
  // probed on the same cluster as there, so the value-effects test's renders are this test's too (one per run).
  const rank = (file: string) => {
    const i = PROBED_DIRECTORIES.findIndex((dir) => file.startsWith(`${dir}/`));
    return i < 0 ? PROBED_DIRECTORIES.length : i;
  };
  const runs = representativeRuns(releases).runs
    .map(({ release, file }) => ({ release, file, values: loadValidFor(file, release).cluster.cilium.values as Values }))
    .sort((a, b) => rank(a.file) - rank(b.file));
  // One case per release and key path, on the first cluster that renders it; per value for keys listed as the default.
  const cases = releases.flatMap((release) => {
    const seen = new Set<string>();
    return runs.filter((r) => r.release === release).flatMap(({ file, values }) => valuePaths(values).flatMap((path) => {
      const key = `${path}=${JSON.stringify(EQUAL_TO_CHART_DEFAULT[path] ? getPath(values, path) : '')}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ release, file, path, value: getPath(values, path), values }];
    }));
  });
  const bases = new Map<string, ReturnType<typeof render>>();
  const base = (release: string, file: string, values: Values) => {
    const key = `${release} ${file}`;
    if (!bases.has(key)) bases.set(key, render(release, values));
    return bases.get(key)!;
  };

  test('covers every key path the project renders, and every key listed as the chart default', () => {
    expect(new Set(cases.map((c) => c.path)).size).toBeGreaterThanOrEqual(20);
    for (const [path, { value }] of Object.entries(EQUAL_TO_CHART_DEFAULT)) {
      expect(cases.some((c) => c.path === path && JSON.stringify(c.value) === JSON.stringify(value)), path).toBe(true);
    }
  });

  test.concurrent.each(cases)('Cilium $release: $path ($file) changes what the chart deploys', async ({ release, file, path, value, values }) => {
    const before = await base(release, file, values);
    const { hasDefault, withoutKey, changed } = valueProbe(release, values, path);
    // Without the key the chart deploys what its values.yaml default gives: the same render as setting that default.
    const without = withoutKey ? await render(release, withoutKey) : before;
    const equalsDefault = same(without, before);
    // Where the default deploys something else, that render already showed the key is live; otherwise change it another way.
    if (equalsDefault || !hasDefault) {
      const after = await render(release, changed);
      expect(same(after, before), `${path}: ${JSON.stringify(value)} → ${JSON.stringify(changedValue(path, value))} deploys the same objects`).toBe(false);
    }
    const listed = EQUAL_TO_CHART_DEFAULT[path];
    const problem = equalsDefault ? 'equals the chart default: list it with the reason' : 'is listed as the chart default';
    expect(equalsDefault, `${path}: ${JSON.stringify(value)} ${problem}`).toBe(listed !== undefined && same(listed.value, value));
  });
});
