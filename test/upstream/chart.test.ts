/**
 * The real Cilium chart is the judge: for every representative cluster file and every held release,
 * `helm template` of the packaged upstream chart (../shared/cilium/<release>/chart/cilium-<release>.tgz)
 * with the rendered cilium/values.yaml succeeds, and what the chart deploys is what the cluster file
 * says: the agent's ConfigMap, its API endpoint, the operator's replicas, the Hubble objects. The
 * HelmChart's valuesContent is the same values, and `kubectl kustomize` builds every manifests/.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import type { ResolvedCluster } from '../../src/model/resolved.js';
import {
  ciliumChart, ciliumConfig, containerEnv, find, helmTemplate, K8sObject, kubectlKustomize,
} from '../../tools/upstream/index.js';
import { describeWithReference } from '../conformance/reference.js';
import { docs } from '../helpers.js';
import { loadValidFor, renderFor, representativeRuns } from '../representative.js';

/** What cilium-config must say for the cluster: undefined means the key must be absent. */
export function expectedCiliumConfig(c: ResolvedCluster): Record<string, string | undefined> {
  const native = c.cilium.routingMode === 'native';
  const l2 = c.l2Policies.length > 0;
  return {
    'kube-proxy-replacement': 'true',
    ipam: 'kubernetes',
    'routing-mode': c.cilium.routingMode,
    'ipv4-native-routing-cidr': native ? c.cilium.ipv4NativeRoutingCIDR : undefined,
    'ipv6-native-routing-cidr': native ? c.cilium.ipv6NativeRoutingCIDR : undefined,
    'auto-direct-node-routes': String(native && c.cilium.autoDirectNodeRoutes),
    'tunnel-protocol': native ? 'vxlan' : c.cilium.tunnelProtocol,
    'enable-ipv6': String(c.dualStack),
    'enable-l2-announcements': l2 ? 'true' : undefined,
    'l2-announcements-lease-duration': l2 ? c.lease.duration : undefined,
    'l2-announcements-renew-deadline': l2 ? c.lease.renewDeadline : undefined,
    'l2-announcements-retry-period': l2 ? c.lease.retryPeriod : undefined,
    'k8s-client-qps': l2 ? String(c.rateLimit.qps) : undefined,
    'k8s-client-burst': l2 ? String(c.rateLimit.burst) : undefined,
    'enable-bgp-control-plane': c.bgp ? 'true' : undefined,
    'bgp-secrets-namespace': c.bgp ? c.bgp.secretsNamespace : undefined,
    'enable-bandwidth-manager': c.cilium.bandwidthManager ? 'true' : undefined,
    'bpf-lb-sock-hostns-only': c.cilium.socketLBHostNamespaceOnly ? 'true' : undefined,
    'enable-hubble': 'true',
  };
}

/** Go's %v prints float64 values of 1e21 and more, and integers from 1e6 in YAML-decoded values, with an exponent. */
export const EXPONENT = /^[-+]?[0-9.]+e[-+]?[0-9]+$/i;

/** Asserts that what the chart deployed is what the resolved cluster says. */
export function expectDeploysIntent(objects: readonly K8sObject[], c: ResolvedCluster): void {
  const config = ciliumConfig(objects);
  const expected = expectedCiliumConfig(c);
  expect(Object.fromEntries(Object.keys(expected).map((k) => [k, config[k]]))).toEqual(expected);
  expect(Object.entries(config).filter(([, v]) => EXPONENT.test(String(v)))).toEqual([]);
  for (const key of ['k8s-client-qps', 'k8s-client-burst']) if (config[key] !== undefined) expect(config[key]).toMatch(/^[1-9][0-9]{0,5}$/);

  const agent = find(objects, 'DaemonSet', 'cilium')!;
  for (const container of ['cilium-agent', 'config']) {
    const env = containerEnv(agent, container);
    expect([env.KUBERNETES_SERVICE_HOST, env.KUBERNETES_SERVICE_PORT]).toEqual([c.k3s.apiHost, String(c.k3s.apiPort)]);
  }
  expect(find(objects, 'Deployment', 'cilium-operator')?.spec.replicas).toBe(c.cilium.operatorReplicas);
  expect(find(objects, 'Deployment', 'hubble-relay') !== undefined).toBe(c.cilium.hubble.relay);
  expect(find(objects, 'Deployment', 'hubble-ui') !== undefined).toBe(c.cilium.hubble.ui);
  expect(find(objects, 'Service', 'hubble-peer')).toBeDefined();
}

/** Writes a rendered directory to a temp dir and returns it. */
function writeTree(files: ReadonlyMap<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'k3s-cilium-tree-'));
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const identity = (o: { kind: string; metadata: { name: string; namespace?: string } }) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const byIdentity = (a: K8sObject, b: K8sObject) => (identity(a) < identity(b) ? -1 : 1);

describeWithReference('the real Cilium chart and kustomize', (ref) => {
  const { runs } = representativeRuns(ref.ciliumReleases());

  test.concurrent.each(runs)('helm template: $file on Cilium $release deploys what the file says', async ({ release, file }) => {
    const files = renderFor(file, release);
    const values = files.get('cilium/values.yaml')!;
    const { objects } = await helmTemplate({ chart: ciliumChart(release), values });
    expectDeploysIntent(objects, loadValidFor(file, release).cluster);

    // k3s installs the chart with the HelmChart's valuesContent: the same values, byte for byte, without the header comment.
    const chart = docs(files.get('k3s/manifests/cilium.yaml')!)[0];
    expect(chart.spec.version).toBe(release);
    expect(chart.spec.valuesContent).toBe(values.replace(/^(#[^\n]*\n)+/, ''));
  });

  test.concurrent.each(runs)('kubectl kustomize: $file on Cilium $release builds manifests/ into its objects', async ({ release, file }) => {
    const files = renderFor(file, release);
    const root = writeTree(files);
    try {
      const built = await kubectlKustomize(join(root, 'manifests'));
      const written = [...files].filter(([p]) => p.startsWith('manifests/') && p !== 'manifests/kustomization.yaml').flatMap(([, t]) => docs(t));
      expect(built.length).toBeGreaterThan(0);
      expect([...built].sort(byIdentity)).toEqual([...written].sort(byIdentity));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
