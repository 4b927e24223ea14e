/**
 * Every output of every representative cluster, rendered for every supported Cilium minor we hold
 * reference data for, is accepted upstream: CRD schemas + CEL (apiVersions served and not
 * deprecated), chart values, HelmChart, k3s flags, core objects. Representative clusters: see
 * test/representative.ts. The capability table is checked against the same data.
 */
import { expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { DENIED_VALUE_PATHS, valuePaths } from '../../src/conformance/helm-values.js';
import { checkRenderedCluster } from '../../src/conformance/rendered-cluster.js';
import { formatViolation } from '../../src/conformance/violation.js';
import { CILIUM_CAPABILITIES, ciliumCapabilities } from '../../src/model/cilium-versions.js';
import { docs } from '../helpers.js';
import { loadFor, NOT_ON_RELEASE, renderFor, REPRESENTATIVE_CLUSTERS, representativeRuns } from '../representative.js';
import { describeWithReference } from './reference.js';

describeWithReference('rendered output is accepted upstream', (ref) => {
  const releases = ref.ciliumReleases();
  const { runs, refused } = representativeRuns(releases);

  test.each(refused)('$file is refused on Cilium $release, with the reason', ({ release, file }) => {
    const loaded = loadFor(file, release);
    expect(loaded.cluster).toBeUndefined();
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([expect.stringMatching(NOT_ON_RELEASE[file].reason)]);
  });

  test('reference data covers every supported minor', () => {
    expect(releases.map((r) => ciliumCapabilities(r)!.minor)).toEqual(CILIUM_CAPABILITIES.map((c) => c.minor));
    expect(REPRESENTATIVE_CLUSTERS.length).toBeGreaterThanOrEqual(2);
  });

  test.each(releases)('the capability table matches the chart of Cilium %s', (release) => {
    // 1.19.0–1.19.4 charts still list the key, but the agent dropped the flag: the table, not the chart, decides.
    if (ciliumCapabilities(release)!.l2PodAnnouncementsInterfaceKey) expect(ref.chartValues(release).keys.paths.has('l2podAnnouncements.interface')).toBe(true);
  });

  test.each(runs)('$file on Cilium $release', ({ release, file }) => {
    const files = renderFor(file, release);
    const result = checkRenderedCluster(files, ref);
    expect(result.ciliumVersion).toBe(release);
    expect(result.release).toBe(release);
    expect(result.violations.map(formatViolation)).toEqual([]);

    const objects = [...files].filter(([p]) => p.startsWith('manifests/') || p.startsWith('k3s/manifests/')).flatMap(([, t]) => docs(t));
    expect(objects.some((o) => o.kind === 'CiliumLoadBalancerIPPool')).toBe(true);
  });

  test.each(runs)('deny-list: $file on Cilium $release never sets a removed key or kubeProxyReplacement other than true', ({ release, file }) => {
    const files = renderFor(file, release);
    const chart = docs(files.get('k3s/manifests/cilium.yaml')!)[0];
    for (const values of [parseDocument(files.get('cilium/values.yaml')!).toJS(), parseDocument(chart.spec.valuesContent).toJS()]) {
      const paths = valuePaths(values);
      for (const denied of [
        ...DENIED_VALUE_PATHS.keys(),
        ...(ciliumCapabilities(release)!.l2PodAnnouncementsInterfaceKey ? [] : ['l2podAnnouncements.interface']),
      ]) {
        expect(paths.filter((p) => p === denied || p.startsWith(`${denied}.`))).toEqual([]);
      }
      expect(values.kubeProxyReplacement).toBe(true);
    }
  });
});
