/**
 * Where the user's Helm values say nothing, the running Cilium does what its chart's default says:
 * tunnel routing, cluster-pool IPAM, no auto-direct-node-routes. An imported file states those where
 * the model's default differs, each marked as inferred, so adopting a setup neither re-routes nor
 * re-addresses its pods (src/import/chart-defaults.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSetup } from '../../src/import/import.js';
import { tempDir } from '../helpers.js';

const BASE = 'k8sServiceHost: 10.0.0.11\nkubeProxyReplacement: true\n';
const K3S = 'node-ip: 10.0.0.11\nflannel-backend: none\ndisable-kube-proxy: true\n';

function imported(values: string | undefined, k3s = K3S) {
  const dir = tempDir('k3s-cilium-import-defaults-');
  if (values !== undefined) writeFileSync(join(dir, 'values.yaml'), values);
  mkdirSync(join(dir, 'cp-1'));
  writeFileSync(join(dir, 'cp-1', 'config.yaml'), k3s);
  const r = importSetup([dir], { name: 'lab' });
  expect(r.problems).toEqual([]);
  const inferred = Object.fromEntries(r.report.inferences.filter((i) => i.path.startsWith('cilium.') && i.path !== 'cilium.version').map((i) => [i.path, i.why]));
  return { cilium: r.spec!.cilium as unknown as Record<string, unknown>, inferred, notes: r.report.notes };
}

describe('import: the chart defaults the values leave in force', () => {
  it('no routingMode and no ipam.mode: tunnel routing and cluster-pool IPAM, inferred, and a note when the pool list is the chart\'s 10.0.0.0/8', () => {
    const { cilium, inferred, notes } = imported(BASE);
    expect(cilium).toMatchObject({ routingMode: 'tunnel', ipamMode: 'cluster-pool' });
    expect(cilium).not.toHaveProperty('autoDirectNodeRoutes');
    expect(Object.keys(inferred)).toEqual(['cilium.routingMode', 'cilium.ipamMode']);
    expect(inferred['cilium.routingMode']).toMatch(/^no routingMode in the Cilium values: the chart routes pods through a VXLAN tunnel then; /);
    expect(inferred['cilium.ipamMode']).toMatch(/^no ipam.mode in the Cilium values: the chart's default, cluster-pool .*re-addresses its pods$/);
    expect(notes.filter((n) => n.startsWith('ipam.operator.clusterPoolIPv4PodCIDRList: '))).toHaveLength(1);
    expect(notes.filter((n) => n.startsWith('kubeProxyReplacement: '))).toEqual([]);
    expect(imported('k8sServiceHost: 10.0.0.11\n').notes.filter((n) => n.startsWith('kubeProxyReplacement: '))).toEqual([
      'kubeProxyReplacement: not in the Cilium values, so the running Cilium leaves Services to kube-proxy (the chart\'s default, false); '
        + 'this cluster file has Cilium replace it and k3s run without it: plan the switch (Services are re-programmed, long-lived connections may drop).',
    ]);
  });

  it('Cilium\'s k3s guide (only the pool list, k3s\'s cluster CIDR): cluster-pool with no note about the pool', () => {
    const { cilium, notes } = imported(`${BASE}ipam:\n  operator:\n    clusterPoolIPv4PodCIDRList: ["10.42.0.0/16"]\n`);
    expect(cilium.ipamMode).toBe('cluster-pool');
    expect(notes.filter((n) => n.startsWith('ipam.operator.'))).toEqual([]);
  });

  it('native routing without autoDirectNodeRoutes: false, the chart\'s default (the model would turn it on for one subnet)', () => {
    const { cilium, inferred } = imported(`${BASE}routingMode: native\nipv4NativeRoutingCIDR: 10.42.0.0/16\nipam:\n  mode: kubernetes\n`);
    expect(cilium.autoDirectNodeRoutes).toBe(false);
    expect(cilium).not.toHaveProperty('routingMode');
    expect(cilium).not.toHaveProperty('ipamMode');
    expect(Object.keys(inferred)).toEqual(['cilium.autoDirectNodeRoutes']);
  });

  it('what the values say wins: routingMode, the removed tunnel key, autoDirectNodeRoutes and ipam.mode are read, not inferred', () => {
    const set = imported(`${BASE}routingMode: native\nautoDirectNodeRoutes: true\nipam:\n  mode: cluster-pool\n`);
    expect(set.inferred).toEqual({});
    expect(set.cilium).toMatchObject({ ipamMode: 'cluster-pool' });
    expect(imported(`${BASE}tunnel: disabled\nautoDirectNodeRoutes: true\nipam:\n  mode: kubernetes\n`).inferred).toEqual({});
    expect(imported(`${BASE}tunnel: vxlan\nipam:\n  mode: kubernetes\n`).cilium).toMatchObject({ routingMode: 'tunnel' });
  });

  it('no Helm values in the input: nothing is known of the chart\'s defaults, and nothing is inferred', () => {
    const { cilium, inferred } = imported(undefined);
    expect(inferred).toEqual({});
    expect(cilium).not.toHaveProperty('routingMode');
    expect(cilium).not.toHaveProperty('ipamMode');
  });
});
