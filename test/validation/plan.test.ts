/** PLAN.md: the homelab plan as a readable snapshot, plus the facts it must state. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterSpec } from '../../constructs/cluster-spec.js';
import { resolveCluster } from '../../constructs/resolved-cluster.js';
import { hasSharedDir, sharedDir } from '../../src/shared-dir.js';
import { renderPlan } from '../../src/plan.js';
import { renderFile } from '../helpers.js';

const plan = renderFile('clusters/homelab.yaml').get('PLAN.md')!;

/** All .rst text of the Cilium 1.20.0 docs in ../shared. */
function ciliumDocs(): string {
  const root = join(sharedDir(), 'cilium/1.20.0/docs');
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.rst') ? [readFileSync(join(dir, e.name), 'utf8')] : []));
  return walk(root).join('\n');
}

describe('PLAN.md', () => {
  it('matches the snapshot', async () => {
    await expect(plan).toMatchFileSnapshot('__snapshots__/homelab.PLAN.md');
  });

  it('states each pool with its range, Cilium usable count, pins and announcers', () => {
    expect(plan).toContain('| default-pool | 192.168.1.100–192.168.1.115 | 16 | 192.168.1.101 default/my-service | L2 via default-policy: cp-1 (eth0) |');
    // A /30 is 4 usable addresses since Cilium 1.16, not the post's 2.
    expect(plan).toContain('| critical | 192.168.1.200/30 (.200–.203) | 4 |');
    expect(plan).toContain('| reserved: gateway | 192.168.1.1 |');
  });

  it('shows the rate-limit arithmetic with the rendered values', () => {
    expect(plan).toContain('- L2-announced Services: 20 ');
    expect(plan).toContain('- qps = max(10, ceil(20 / 5s)) = max(10, 4) = **10**');
    expect(plan).toContain('- burst = max(20, 2 × qps) = max(20, 20) = **20**');
    expect(plan).toContain('= 10s–20s');
  });

  it('fills the checklist with this cluster\'s lease, interface and addresses', () => {
    expect(plan).toContain('kubectl -n kube-system get lease cilium-l2announce-default-my-service');
    expect(plan).toContain('arping -I <interface> 192.168.1.101    # from another host on 192.168.1.0/24');
    expect(plan).toContain('sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.eth0.rp_filter    # on cp-1: all = 0, eth0 = 0');
    expect(plan).not.toMatch(/cilium l2announce/);
  });

  it.skipIf(!hasSharedDir())('uses only cilium-dbg commands the 1.20.0 docs document', () => {
    const docs = ciliumDocs();
    const commands = [...plan.matchAll(/cilium-dbg ([^|#]+?)\s*(?:\||#|$)/gm)].map((m) => `cilium-dbg ${m[1].trim()}`);
    expect(commands.length).toBeGreaterThanOrEqual(5);
    for (const command of new Set(commands)) expect(docs, command).toContain(command);
    for (const kubectl of ['kubectl get ippools', 'kubectl get CiliumL2AnnouncementPolicy', 'kubectl -n kube-system get lease']) {
      expect(plan).toContain(kubectl);
      expect(docs).toContain(kubectl);
    }
  });

  it('counts withheld first/last addresses and uses NDP for IPv6 reservations', () => {
    const spec: ClusterSpec = {
      name: 'v6', cilium: { version: '1.20.0' },
      k3s: { apiServer: { host: '127.0.0.1', port: 6444 }, tokenFile: '/t' },
      nodes: [{ name: 'cp-1', role: 'server', address: 'fd00:1::10/64' }],
      loadBalancer: {
        pools: [{ name: 'v6', blocks: [{ cidr: 'fd00:1::100/120' }], allowFirstLastIPs: false }],
        l2: { policies: [{ name: 'l2', loadBalancerIPs: true }] },
        reservations: [{ service: 'web/http', ip: 'fd00:1::101' }],
      },
    };
    const text = renderPlan(resolveCluster(spec), 'v6.yaml');
    expect(text).toContain('| v6 | fd00:1::100/120 (fd00:1::100–fd00:1::1ff) | 254 (2 first/last withheld) |');
    expect(text).toContain('ndisc6 fd00:1::101 <interface>    # from another host on fd00:1::/64');
    expect(text).toContain('- qps = max(10, ceil(254 / 5s)) = max(10, 51) = **51**');
  });
});
