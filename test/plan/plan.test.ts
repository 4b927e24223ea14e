/** PLAN.md: the facts it must state (each rendered plan's text is snapshotted with its cluster's tree under test/snapshots/). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkCluster } from '../../src/checks/index.js';
import { sharedDir } from '../../src/conformance/shared-dir.js';
import { missingReference, skipUnmet } from '../requirements.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { renderPlan } from '../../src/plan/index.js';
import { HOMELAB, renderFile } from '../helpers.js';

const validateClusterSpec = (spec: ClusterSpec) => checkCluster(resolveCluster(spec));
const plan = renderFile(HOMELAB).get('PLAN.md')!;
const bgpTor = renderFile('test/fixtures/examples/bgp-tor.yaml').get('PLAN.md')!;
const dualStack = renderFile('test/fixtures/examples/dual-stack.yaml').get('PLAN.md')!;
const haL2 = renderFile('test/fixtures/examples/ha-l2.yaml').get('PLAN.md')!;
const PLANS = { homelab: plan, 'bgp-tor': bgpTor, 'dual-stack': dualStack, 'ha-l2': haL2 };

/** The plan of an in-test cluster, which must pass every check (PLAN.md is only written then). */
function planOf(spec: ClusterSpec): string {
  const errors = validateClusterSpec(spec).filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  return renderPlan(resolveCluster(spec), `${spec.name}.yaml`);
}

/** The lines of a markdown section, from its `## title` to the next one. */
function section(text: string, title: string): string {
  const start = text.indexOf(`## ${title}`);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The plural resource names of the Cilium 1.20.0 CRDs in ../shared (what `kubectl get` accepts). */
function crdPlurals(): Set<string> {
  const root = join(sharedDir(), 'cilium/1.20.0/crds');
  return new Set(readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => parse(readFileSync(join(e.parentPath, e.name), 'utf8')).spec.names.plural as string));
}

/** All .rst text of the Cilium 1.20.0 docs in ../shared. */
function ciliumDocs(): string {
  const root = join(sharedDir(), 'cilium/1.20.0/docs');
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.rst') ? [readFileSync(join(dir, e.name), 'utf8')] : []));
  return walk(root).join('\n');
}

describe('PLAN.md', () => {
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

  it('uses only cilium-dbg commands the 1.20.0 docs document', (ctx) => {
    skipUnmet(ctx, missingReference());
    const docs = ciliumDocs();
    const commands = [...plan.matchAll(/cilium-dbg ([^|#]+?)\s*(?:\||#|$)/gm)].map((m) => `cilium-dbg ${m[1].trim()}`);
    expect(commands.length).toBeGreaterThanOrEqual(5);
    for (const command of new Set(commands)) expect(docs, command).toContain(command);
    for (const kubectl of ['kubectl get ippools', 'kubectl get CiliumL2AnnouncementPolicy', 'kubectl -n kube-system get lease']) {
      expect(plan).toContain(kubectl);
      expect(docs).toContain(kubectl);
    }
  });

  it('in every example too: cilium-dbg and cilium bgp commands are in the docs, BGP resources in the CRDs', (ctx) => {
    skipUnmet(ctx, missingReference());
    const docs = ciliumDocs();
    const plurals = crdPlurals();
    for (const [name, text] of Object.entries(PLANS)) {
      const dbg = [...text.matchAll(/cilium-dbg ([^|#]+?)\s*(?:\||#|$)/gm)].map((m) => `cilium-dbg ${m[1].trim()}`);
      // The cilium CLI (not the agent's cilium-dbg): `cilium bgp peers` and the like, at the start of a command line.
      const cli = [...text.matchAll(/^\s*(cilium [a-z][a-z -]*?)\s*(?:\||#|$)/gm)].map((m) => m[1].trim());
      const resources = [...text.matchAll(/kubectl get (ciliumbgp[a-z]*)/g)].map((m) => m[1]);
      for (const command of new Set([...dbg, ...cli])) expect(docs, `${name}: ${command}`).toContain(command);
      for (const resource of new Set(resources)) expect(plurals.has(resource), `${name}: ${resource}`).toBe(true);
      if (name === 'bgp-tor') {
        expect(cli).toContain('cilium bgp peers');
        expect(new Set(resources).size).toBe(5);
      }
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

  it('names each BGP pool\'s advertisement, both peers with address and ASN, and the speaking nodes', () => {
    const nodes = 'from server-1, server-2, server-3, worker-1, worker-2';
    expect(bgpTor).toContain(
      `| services | 10.20.0.0/24 (.0–.255) | 256 | – | BGP via lb-pool-services to tor-a (10.10.0.2, AS 65000), tor-b (10.10.0.3, AS 65000) ${nodes} |`,
    );
    expect(bgpTor).toContain(
      `| public | 203.0.113.64/27 (.64–.95) | 32 | – | BGP via lb-pool-public to tor-a (10.10.0.2, AS 65000), tor-b (10.10.0.3, AS 65000) ${nodes} |`,
    );
    expect(bgpTor).not.toContain('not announced');
    expect(section(bgpTor, 'Nodes')).toContain('| worker-2 | agent | 10.10.0.22 | 10.10.0.0/24 | eth0 | yes (router ID 10.255.0.22, source 10.10.0.22) |');
    // The peer check refuses pools holding a router's address: the plan lists them as kept out.
    expect(section(bgpTor, 'Kept out of the pools')).toContain('| BGP peer tor-a (AS 65000) | 10.10.0.2 |');
    expect(section(bgpTor, 'Kept out of the pools')).toContain('| BGP peer tor-b (AS 65000) | 10.10.0.3 |');
    expect(section(bgpTor, 'API rate limit (k8sClientRateLimit)')).toContain(
      'No L2 announcements: the pools are advertised over BGP, which holds no Lease per Service, so the agent keeps its default',
    );
  });

  it('checks the BGP objects and sessions with this cluster\'s names, and no L2 step on a BGP-only cluster', () => {
    const checklist = section(bgpTor, 'Verification checklist');
    expect(checklist).toContain('kubectl get ciliumbgpadvertisements    # lb-pool-services, lb-pool-public, pod-cidrs');
    expect(checklist).toContain('kubectl get ciliumbgpnodeconfigoverrides    # worker-2');
    expect(checklist).toContain(
      'cilium bgp peers    # on server-1, server-2, server-3, worker-1, worker-2, each of: 10.10.0.2 (tor-a) Peer AS 65000 established ipv4/unicast,'
      + ' 10.10.0.3 (tor-b) Peer AS 65000 established ipv4/unicast',
    );
    expect(checklist).toContain('On tor-a, tor-b: each LoadBalancer IP in services (10.20.0.0/24), public (203.0.113.64/27) is a /32 route');
    expect(checklist).toContain('grep EnableBGPControlPlane');
    expect(checklist).not.toMatch(/arping|ndisc6|EnableL2Announcements|CiliumL2AnnouncementPolicy|client-side throttling/);
    // An L2-only cluster gets no BGP step.
    expect(plan).not.toMatch(/ciliumbgp|cilium bgp|EnableBGPControlPlane/);
  });

  it('lists every address of a dual-stack node with its subnet, and keeps out both families\' CIDRs', () => {
    expect(section(dualStack, 'Nodes')).toContain('| cp-1 | server | 192.168.30.10, fd00:30::10 | 192.168.30.0/24, fd00:30::/64 | eth0 |');
    const keptOut = section(dualStack, 'Kept out of the pools');
    expect(keptOut).toContain('| node worker-2 | 192.168.30.22, fd00:30::22 |');
    for (const cidr of ['10.42.0.0/16', 'fd00:10:42::/56', '10.43.0.0/16', 'fd00:10:43::/112']) expect(keptOut).toContain(`| ${cidr} |`);
    expect(dualStack).toContain('pods 10.42.0.0/16, fd00:10:42::/56 · Services 10.43.0.0/16, fd00:10:43::/112.');
  });

  it('checks NDP for IPv6 L2 pools and ARP for IPv4 ones, on the segment of each family', () => {
    const checklist = section(dualStack, 'Verification checklist');
    expect(checklist).toContain('arping -I <interface> <IPv4 EXTERNAL-IP>    # from another host on 192.168.30.0/24');
    expect(checklist).toContain('ndisc6 <IPv6 EXTERNAL-IP> <interface>    # from another host on fd00:30::/64');
    expect(checklist).toContain('ip -6 neigh show <IPv6 EXTERNAL-IP>');
    expect(checklist).not.toMatch(/arping[^\n]*fd00|ndisc6[^\n]*192\.168/);
    // A family a pinned Service already walks through gets no second, generic check.
    expect(plan).not.toContain('<IPv4 EXTERNAL-IP>');
  });

  describe('announce: both, dual-stack BGP, peers of one family', () => {
    const spec: ClusterSpec = {
      name: 'mixed', cilium: { version: '1.20.0' },
      k3s: { apiServer: { host: '127.0.0.1' }, tokenFile: '/t', clusterCidr: '10.42.0.0/16,fd00:42::/56', serviceCidr: '10.43.0.0/16,fd00:43::/112' },
      nodes: [
        { name: 'cp-1', role: 'server', address: '192.168.1.10/24,fd00:1::10/64', labels: { bgp: 'yes' } },
        { name: 'w-1', role: 'agent', address: '192.168.1.21/24,fd00:1::21/64' },
      ],
      loadBalancer: {
        pools: [
          { name: 'lan', blocks: [{ cidr: '192.168.1.128/28' }], serviceSelector: { matchLabels: { via: 'both' } }, announce: 'both' },
          { name: 'routed', blocks: [{ cidr: '10.99.0.0/28' }, { cidr: 'fd00:99::/124' }], serviceSelector: { matchLabels: { via: 'bgp' } }, announce: 'bgp' },
        ],
        l2: { policies: [{ name: 'lan', loadBalancerIPs: true, serviceSelector: { matchLabels: { via: 'both' } } }] },
        bgp: {
          localASN: 65010, nodeSelector: { matchLabels: { bgp: 'yes' } },
          peerConfigs: [{ name: 'v4', families: ['ipv4'] }, { name: 'v6', families: ['ipv6'] }],
          peers: [
            { name: 'r4', address: '192.168.1.1', asn: 65000, peerConfig: 'v4' },
            { name: 'r6', address: 'fd00:1::1', asn: 65000, peerConfig: 'v6' },
          ],
        },
        reservations: [{ service: 'web/front', ip: '10.99.0.5', labels: { via: 'bgp' } }],
      },
    };
    const text = planOf(spec);

    it('says both ways for announce: both, and which family each peer carries', () => {
      expect(text).toContain(
        '| lan | 192.168.1.128/28 (.128–.143) | 16 | – | L2 via lan: cp-1 (eth0), w-1 (eth0); BGP via lb-pool-lan to r4 (192.168.1.1, AS 65000) from cp-1 |',
      );
      expect(text).toContain('BGP via lb-pool-routed to r4 (192.168.1.1, AS 65000, ipv4 only), r6 (fd00:1::1, AS 65000, ipv6 only) from cp-1 |');
      expect(section(text, 'Nodes')).toContain(
        '| w-1 | agent | 192.168.1.21, fd00:1::21 | 192.168.1.0/24, fd00:1::/64 | eth0 | no (not selected by loadBalancer.bgp.nodeSelector) |',
      );
      expect(section(text, 'Kept out of the pools')).toContain('| BGP peer r6 (AS 65000) | fd00:1::1 |');
    });

    it('counts only the L2-announced pool for the rate limit and says why BGP pools are left out', () => {
      const rate = section(text, 'API rate limit (k8sClientRateLimit)');
      expect(rate).toContain('- L2-announced Services: 16 ');
      expect(rate).toContain('Pools advertised only over BGP (routed) hold no Lease and are not counted.');
    });

    it('walks a pinned Service of a BGP pool through the routes, not through ARP', () => {
      const checklist = section(text, 'Verification checklist');
      expect(checklist).toContain('`web/front` has 10.99.0.5 (pool routed, advertised over BGP):');
      expect(checklist).toContain('# on r4: a route to 10.99.0.5/32 whose next hops are BGP nodes');
      expect(checklist).not.toContain('arping -I <interface> 10.99.0.5');
      expect(checklist).toContain('On r4, r6: each LoadBalancer IP in lan (192.168.1.128/28), routed (10.99.0.0/28, fd00:99::/124) is a /32 or /128 route');
      expect(checklist).toContain('192.168.1.1 (r4) Peer AS 65000 established ipv4/unicast, fd00:1::1 (r6) Peer AS 65000 established ipv6/unicast');
    });
  });

  it('caps the announcing nodes of a pool cell at five, like the pinned Services', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => ({
      name: `n-${String(i + 1).padStart(2, '0')}`,
      role: (i === 0 ? 'server' : 'agent') as 'server' | 'agent',
      address: `10.10.0.${i + 11}/24`,
    }));
    const text = planOf({
      name: 'big', cilium: { version: '1.20.0' }, k3s: { apiServer: { host: '127.0.0.1' }, tokenFile: '/t' }, nodes,
      loadBalancer: {
        pools: [{ name: 'routed', blocks: [{ cidr: '10.20.0.0/24' }] }],
        bgp: { localASN: 65010, peerConfigs: [{ name: 'tor' }], peers: [{ name: 'tor', address: '10.10.0.1', asn: 65000 }] },
      },
    });
    expect(text).toContain('from n-01, n-02, n-03, n-04, n-05, +7 more |');
    expect(text).toContain('kubectl get ciliumbgpnodeconfigs    # n-01, n-02, n-03, n-04, n-05, n-06, n-07, n-08, n-09, n-10, +2 more');
  });
});
