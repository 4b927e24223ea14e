/**
 * Each kind of change between two valid cluster files, and the level it is reviewed at: the exact
 * lines of the review, computed from the two models.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { compareClusters } from '../../src/diff/compare.js';
import { reviewMarkdown } from '../../src/diff/markdown.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { HOMELAB, readProjectFile } from '../helpers.js';

type Edit = (doc: ReturnType<typeof parseDocument>) => void;

function spec(file: string, ...edits: Edit[]): ClusterSpec {
  const doc = parseDocument(readProjectFile(file));
  for (const edit of edits) edit(doc);
  return doc.toJS() as ClusterSpec;
}

/** `level: text` of every change between the file and its edited version. */
function changes(file: string, ...edits: Edit[]): string[] {
  const review = compareClusters('c', resolveCluster(spec(file)), resolveCluster(spec(file, ...edits)));
  return review.changes.map((c) => `${c.level}: ${c.text}${(c.details ?? []).map((d) => `\n  ${d}`).join('')}`);
}

const set = (path: (string | number)[], value: unknown): Edit => (doc) => doc.setIn(path, value);
const remove = (path: (string | number)[]): Edit => (doc) => doc.deleteIn(path);
const pool0 = ['loadBalancer', 'pools', 0];

describe('breaking changes', () => {
  it('addresses leaving every pool, with the pinned Service named and the others counted', () => {
    expect(changes(HOMELAB, set([...pool0, 'blocks', 0, 'start'], '192.168.1.102'))).toEqual([
      'breaking: Pool `default-pool` loses 2 addresses (192.168.1.100–192.168.1.101); they leave every pool.' +
        '\n  `default/my-service` is pinned to 192.168.1.101 (`lbipam.cilium.io/ips`): outside every pool, it stays pending until it is pinned to an address of a pool.' +
        '\n  Any other Service in pool `default-pool` holding one of them may be renumbered: LB-IPAM releases addresses that leave the pool.',
    ]);
  });

  it('first and last addresses withheld by allowFirstLastIPs: false', () => {
    expect(changes(HOMELAB, set(['loadBalancer', 'pools', 1, 'allowFirstLastIPs'], false))).toEqual([
      'breaking: Pool `critical` loses 2 addresses (192.168.1.200, 192.168.1.203); they leave every pool.'
        + '\n  Any Service in pool `critical` holding one of them may be renumbered: LB-IPAM releases addresses that leave the pool.',
    ]);
  });

  it('a pool removed', () => {
    expect(changes(HOMELAB, remove(['loadBalancer', 'pools', 1]))).toEqual([
      'breaking: Pool `critical` is removed: its 4 addresses (192.168.1.200–192.168.1.203) are released, and every Service holding one loses it.'
        + '\n  Any Service in pool `critical` holding one of them may be renumbered: LB-IPAM releases addresses that leave the pool.',
    ]);
  });

  it('a pinned IP changed', () => {
    expect(changes(HOMELAB, set(['loadBalancer', 'reservations', 0, 'ip'], '192.168.1.110'))).toEqual([
      'breaking: `default/my-service` moves from 192.168.1.101 to 192.168.1.110: set its `lbipam.cilium.io/ips` to match; clients of 192.168.1.101 lose it.',
    ]);
  });

  it('L2 announcements moving to other nodes, and stopping', () => {
    expect(changes('test/fixtures/examples/ha-l2.yaml', set(['nodes', 4, 'labels', 'l2-announcer'], 'false'))).toEqual([
      'breaking: L2 announcements of pool `services` move: `worker-2 (eth0)` stops answering; addresses held there fail over to another lease holder.',
      'restart: The k3s config of `worker-2` changes: copy `k3s/config/worker-2.yaml` to /etc/rancher/k3s/config.yaml and `systemctl restart k3s-agent` there.'
        + '\n  `node-label`: l2-announcer=true, storage=ssd → l2-announcer=false, storage=ssd',
    ]);
    expect(changes('test/fixtures/examples/ha-l2.yaml', remove(['nodes', 4, 'labels', 'storage']))[0]).toContain(
      '\n  k3s does not remove a label it set: `kubectl label node worker-2 storage-`.',
    );
    expect(changes('test/fixtures/examples/ha-l2.yaml', set(['loadBalancer', 'l2', 'policies', 0, 'interfaces'], ['^ens[0-9]+']))).toEqual([
      'breaking: Pool `services` is no longer announced over L2 (was: `worker-1 (eth0)`, `worker-2 (eth0)`): its addresses stop answering ARP/NDP.',
    ]);
  });

  it('BGP sessions removed or reset, and the local AS changed', () => {
    expect(changes('test/fixtures/examples/bgp-tor.yaml', remove(['loadBalancer', 'bgp', 'peers', 1]))).toEqual([
      'breaking: BGP advertisement of pool `services` shrinks: `tor-b` no longer receives its routes.',
      'breaking: BGP advertisement of pool `public` shrinks: `tor-b` no longer receives its routes.',
      'breaking: The session to peer `tor-b` (10.10.0.3, AS 65000) is removed: its routes to the cluster are withdrawn.',
    ]);
    expect(changes('test/fixtures/examples/bgp-tor.yaml', set(['loadBalancer', 'bgp', 'localASN'], 65011))).toEqual([
      'breaking: The local AS changes from 65010 to 65011: Cilium recreates the BGP instance of `server-1`, `server-2`, `server-3`, `worker-1`, `worker-2`, '
        + 'so every session to `tor-a`, `tor-b` resets, and the routers must expect AS 65011.',
    ]);
  });

  it('immutable k3s settings changed', () => {
    expect(changes(HOMELAB, set(['k3s', 'serviceCidr'], '10.96.0.0/16'))).toEqual([
      'breaking: k3s `service-cidr` changes from 10.43.0.0/16 to 10.96.0.0/16: it cannot change on an installed cluster (existing pods, Services and nodes keep the old ranges); it takes a new cluster.',
    ]);
  });

  it('a Cilium upgrade of more than one minor, or a downgrade', () => {
    expect(changes(HOMELAB, set(['cilium', 'version'], '1.18.10')).filter((c) => c.includes('Cilium'))).toEqual([
      'breaking: Cilium is downgraded from 1.20.0 to 1.18.10, 2 minor releases back: upstream tests rollbacks only to the previous minor; '
        + 'the older agent may not read the state and CRDs the newer one left.',
    ]);
    const from = resolveCluster(spec(HOMELAB, set(['cilium', 'version'], '1.18.10')));
    const review = compareClusters('c', from, resolveCluster(spec(HOMELAB)));
    expect(review.changes[0].text).toBe(
      'Cilium jumps from 1.18.10 to 1.20.0, skipping 1 minor release: upstream supports upgrading one minor at a time (1.18.10 → 1.19.x first).',
    );
  });
});

describe('restart changes', () => {
  it('a Helm value change, at the level the real chart says (generated/cilium-value-effects.ts)', () => {
    expect(changes(HOMELAB, set(['cilium', 'bandwidthManager'], false))).toEqual([
      'restart: Helm value `bandwidthManager.enabled`: true → unset changes the cilium-config ConfigMap: agents and the operator apply it only when they restart ' +
        '(`kubectl -n kube-system rollout restart ds/cilium deploy/cilium-operator`).',
    ]);
    expect(changes('test/fixtures/examples/ha-l2.yaml', set(['cilium', 'hubble', 'relay'], false))).toEqual([
      'safe: Helm value `hubble.relay.enabled`: true → false changes the Hubble relay/UI objects (no agent or operator restart).',
    ]);
  });

  it('a Cilium patch upgrade restarts agents and the operator', () => {
    expect(changes(HOMELAB, set(['cilium', 'version'], '1.20.3'))).toEqual([
      'restart: Cilium is upgraded from 1.20.0 to 1.20.3: the chart rolls out new agent and operator images, so every agent and the operator restart.',
      'safe: No chart held here tells 1.20.0 from 1.20.3 (the newest held 1.20 chart is 1.20.0): the values, defaults and objects this upgrade changes are not reviewed.',
    ]);
  });

  it('a k3s config change restarts k3s on that node; shared server settings on every server together', () => {
    expect(changes('test/fixtures/examples/ha-l2.yaml', set(['nodes', 3, 'kubeletArgs'], ['max-pods=200']))).toEqual([
      'restart: The k3s config of `worker-1` changes: copy `k3s/config/worker-1.yaml` to /etc/rancher/k3s/config.yaml and `systemctl restart k3s-agent` there.'
        + '\n  `kubelet-arg`: max-pods=150 → max-pods=200',
    ]);
    // Packaged components other than servicelb may differ per server (k3s CriticalControlArgs): no shared line.
    expect(changes('test/fixtures/examples/ha-l2.yaml', set(['k3s', 'disable'], ['traefik', 'metrics-server']))).toEqual(
      ['server-1', 'server-2', 'server-3'].map(
        (s) => `restart: The k3s config of \`${s}\` changes: copy \`k3s/config/${s}.yaml\` to /etc/rancher/k3s/config.yaml and \`systemctl restart k3s\` there.`
          + '\n  `disable`: servicelb, traefik → metrics-server, servicelb, traefik',
      ),
    );
  });
});

describe('safe changes', () => {
  it('a pool grown, a new pool, a new reservation, a new node', () => {
    expect(changes(HOMELAB, set([...pool0, 'blocks', 0, 'stop'], '192.168.1.120'))).toEqual([
      'safe: Pool `default-pool` grows by 5 addresses (192.168.1.116–192.168.1.120); it now hands out 192.168.1.100–192.168.1.120.',
    ]);
    const newPool: Edit = (doc) => doc.addIn(['loadBalancer', 'pools'], { name: 'extra', blocks: [{ cidr: '192.168.1.128/29' }] });
    expect(changes(HOMELAB, newPool)).toEqual(['safe: New pool `extra`: 192.168.1.128–192.168.1.135 (8 addresses).']);
    const pin: Edit = (doc) => doc.addIn(['loadBalancer', 'reservations'], { service: 'default/dns', ip: '192.168.1.105' });
    expect(changes(HOMELAB, pin)).toEqual(['safe: `default/dns` is pinned to 192.168.1.105.']);
    const node: Edit = (doc) => doc.addIn(['nodes'], { name: 'worker-3', role: 'agent', address: '192.168.10.23/24' });
    expect(changes('test/fixtures/examples/ha-l2.yaml', node)).toEqual(['safe: New agent `worker-3` (192.168.10.23): install k3s there with `k3s/config/worker-3.yaml`.']);
  });

  it('nothing to review when nothing changed', () => {
    const review = compareClusters('homelab', resolveCluster(spec(HOMELAB)), resolveCluster(spec(HOMELAB)));
    expect(review.status).toBe('unchanged');
    expect(reviewMarkdown({ base: 'a', head: 'b', clusters: [review] })).toBe(
      '## Network change review: `a` → `b`\n\nNo change: every cluster renders the same network in both.\n',
    );
  });
});
