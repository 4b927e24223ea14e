/**
 * The upgrade review from the real charts: generated/cilium-upgrades.ts is what the held charts and
 * CRDs give (regenerated here: run `npm run upgrade-data` when this fails), and the review of each
 * example's upgrade 1.18 → 1.19, 1.19 → 1.20 and a patch upgrade, with `helm template` of the two
 * real charts rendered with that example's values, holds the findings those charts give. The renders
 * are the generator's, so the per-run helm cache serves them once.
 */
import { expect, test } from 'vitest';
import { renderedKinds } from '../../src/cli/render.js';
import { compareClusters } from '../../src/diff/compare.js';
import type { TemplateDifferences } from '../../src/diff/upgrade.js';
import { sharedDir } from '../../src/conformance/shared-dir.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import {
  chartDifferences, crdVersions, heldChartReleases, renderChart, UPGRADE_EXAMPLES, upgradeDataSource, upgradeStep, upgradeSteps,
} from '../../tools/upstream/upgrade-data.js';
import { describeWithReference } from '../conformance/reference.js';
import { readProjectFile, ROOT } from '../helpers.js';
import { textFor } from '../representative.js';

const load = (file: string, version: string) => {
  const loaded = loadClusterText(file, textFor(file, version));
  return { loaded, valid: loaded.cluster ? { file, cluster: loaded.cluster, diagnostics: loaded.diagnostics } : undefined };
};

/** `level: text` and details of the upgrade review of `file` from one release to another, the chart differences rendered with its values. */
async function review(file: string, from: string, to: string): Promise<string[] | undefined> {
  const [a, b] = [load(file, from).valid, load(file, to).valid];
  if (!a || !b) return undefined;
  const differences = chartDifferences(await renderChart(from, a.cluster.cilium.values), await renderChart(to, b.cluster.cilium.values));
  const templates: TemplateDifferences = { source: "the real charts with this cluster's values", ...differences };
  const r = compareClusters(a.cluster.name, a.cluster, b.cluster, [], [], { templates, rendered: renderedKinds(b) });
  return r.changes.map((c) => [`${c.level}: ${c.text}`, ...(c.details ?? []).map((d) => `  ${d}`)].join('\n'));
}

describeWithReference('the upgrade review', () => {
  test('generated/cilium-upgrades.ts is what the held charts and CRDs give', async () => {
    const shared = sharedDir();
    const releases = heldChartReleases(shared);
    expect(releases).toEqual(['1.18.10', '1.18.12', '1.19.4', '1.19.6', '1.20.0']);
    const steps = [];
    for (const [from, to] of upgradeSteps(releases)) steps.push(await upgradeStep(ROOT, from, to));
    const crds = Object.fromEntries(['1.18.10', '1.19.4', '1.20.0'].map((r) => [r, crdVersions(shared, r)]));
    expect(readProjectFile('generated/cilium-upgrades.ts')).toBe(upgradeDataSource(steps, crds));
  });

  test.each(UPGRADE_EXAMPLES)('%s from 1.18 to 1.19: defaults, config, objects, CRDs and Kubernetes from the real charts', async (file) => {
    const changes = await review(file, '1.18.10', '1.19.6');
    if (file === 'examples/dual-stack.yaml') {
      // IPv6 L2 announcements came in 1.19: there is no 1.18 cluster to upgrade.
      expect(load(file, '1.18.10').loaded.cluster).toBeUndefined();
      return;
    }
    const text = changes!.join('\n');
    expect(text).toContain('restart: Cilium is upgraded from 1.18.10 to 1.19.6');
    expect(text).toContain('restart: Upgrade to 1.18.12, the newest 1.18 patch, before 1.19.6');
    expect(text).toContain('  `authentication.enabled`: true → false');
    expect(text).toContain("(the real charts with this cluster's values)");
    expect(text).toContain('  cilium-config `mesh-auth-enabled`: true → false');
    expect(text).toContain('  added: `Role/cilium-operator-ztunnel`');
    expect(text).toContain('safe: Every Cilium apiVersion this cluster renders is served by 1.19.6 and none is deprecated (the CRDs of 1.19.4): ');
    expect(text).toContain('`cilium.io/v2 CiliumLoadBalancerIPPool`');
    expect(text).toContain('safe: Cilium 1.19 is tested upstream with Kubernetes 1.31–1.34; the k3s release this project supports ships 1.34: in that range.');
    expect(changes!.filter((c) => c.startsWith('breaking'))).toEqual([]);
  });

  test.each(UPGRADE_EXAMPLES)('%s from 1.19 to 1.20', async (file) => {
    const changes = (await review(file, '1.19.6', '1.20.0'))!;
    const text = changes.join('\n');
    expect(text).toContain('restart: Cilium is upgraded from 1.19.6 to 1.20.0');
    expect(text).not.toContain('Upgrade to 1.19.6');
    expect(text).toContain('  `clustermesh.apiserver.tls.auto.certValidityDuration`: 1095 → 365');
    expect(text).toContain('  cilium-config `envoy-xds-mode`: absent → ads');
    expect(text).toContain('served by 1.20.0 and none is deprecated (the CRDs of 1.20.0)');
    expect(text).toContain('Kubernetes 1.33–1.36; the k3s release this project supports ships 1.34: in that range.');
    expect(changes.filter((c) => c.startsWith('breaking'))).toEqual([]);
  });

  test('a patch upgrade: no default or setting changes, no Kubernetes line', async () => {
    const changes = (await review('examples/ha-l2.yaml', '1.19.4', '1.19.6'))!;
    expect(changes[0]).toBe(
      'restart: Cilium is upgraded from 1.19.4 to 1.19.6: the chart rolls out new agent and operator images, so every agent and the operator restart.',
    );
    expect(changes.join('\n')).not.toContain('changes defaults');
    expect(changes.join('\n')).not.toContain('Kubernetes');
    const templates = /^(safe|restart): `helm template` of 1\.19\.4 and 1\.19\.6 deploys/;
    expect(changes).toContainEqual(expect.stringMatching(templates));
  });
});
