/**
 * k3s in a review, by class: the cluster and Service CIDRs (breaking: fixed at install), servers and
 * agents removed (breaking: etcd quorum; restart: workloads move) and added, a node's role, its node
 * IP (breaking on an embedded-etcd server, a restart elsewhere), any other config key (a restart of
 * that node), the keys every server must share (all servers together, only with more than one), and
 * what k3s does not do itself (remove a label, apply a taint after registration).
 */
import { describe, expect, it } from 'vitest';
import { k3sChanges } from '../../src/diff/k3s.js';
import type { ResolvedCluster } from '../../src/model/resolved.js';
import { HOMELAB } from '../helpers.js';
import { comparerLines, lineOf, resolved, type Edit } from './edit.js';

/** ha-l2: servers server-1..3 (embedded etcd), agents worker-1 (labels l2-announcer) and worker-2 (l2-announcer, storage; a taint). */
const HA = 'test/fixtures/examples/ha-l2.yaml';
const ha = (head: Edit[], base: Edit[] = []) => comparerLines(k3sChanges, HA, base, head);
const homelab = (head: Edit[]) => comparerLines(k3sChanges, HOMELAB, [], [...head]);
const node = (i: number, fields: object): Edit => (s) => Object.assign(s.nodes[i], fields);
const k3s = (fields: object): Edit => (s) => Object.assign(s.k3s, fields);
const restart = (name: string, unit: string, ...details: string[]) =>
  `restart: The k3s config of \`${name}\` changes: copy \`k3s/config/${name}.yaml\` to /etc/rancher/k3s/config.yaml and \`systemctl restart ${unit}\` there.`
    + details.map((d) => `\n  ${d}`).join('');

describe('settings fixed at install', () => {
  it('the cluster and Service CIDRs, each its own breaking line, and no node restart for them', () => {
    expect(homelab([k3s({ clusterCidr: '10.52.0.0/16', serviceCidr: '10.96.0.0/16' })])).toEqual([
      'breaking: k3s `cluster-cidr` changes from 10.42.0.0/16 to 10.52.0.0/16: it cannot change on an installed cluster (existing pods, Services and nodes keep the old ranges); it takes a new cluster.',
      'breaking: k3s `service-cidr` changes from 10.43.0.0/16 to 10.96.0.0/16: it cannot change on an installed cluster (existing pods, Services and nodes keep the old ranges); it takes a new cluster.',
    ]);
  });
});

describe('nodes removed, added, changing role', () => {
  it('a server removed is breaking (etcd quorum), an agent removed a restart of its workloads', () => {
    expect(ha([(s) => s.nodes.splice(2, 1)])).toEqual([
      'breaking: Server `server-3` is removed: drain it, delete the node and remove its etcd member, or etcd keeps counting it for quorum.',
    ]);
    expect(ha([(s) => s.nodes.splice(4, 1)])).toEqual(['restart: Agent `worker-2` is removed: drain and delete the node; its workloads restart elsewhere.']);
  });

  it('new servers and agents are safe, with the file to install from', () => {
    expect(ha([], [(s) => s.nodes.splice(2, 1)])).toEqual([
      'safe: New server `server-3` (192.168.10.13): install k3s there with `k3s/config/server-3.yaml`.',
    ]);
  });

  it('a node that changes role must be reinstalled, whatever else changes on it', () => {
    expect(ha([node(3, { role: 'server', kubeletArgs: [] })])).toEqual([
      'breaking: Node `worker-1` changes from agent to server: it must be reinstalled with the other k3s subcommand.',
    ]);
  });
});

describe('a node\'s config', () => {
  it('the node IP of an embedded-etcd server is its member address: breaking', () => {
    expect(ha([node(1, { address: '192.168.10.14/24' })])).toEqual([
      'breaking: Server `server-2` changes its node IP (192.168.10.12 → 192.168.10.14): with embedded etcd that is its etcd member address; remove and re-add the member.',
    ]);
  });

  it('the node IP of a single server or an agent: the node restarts and re-registers', () => {
    expect(homelab([node(0, { address: '192.168.1.11/24' }), k3s({ apiServer: { host: '192.168.1.11', port: 6443 } })])).toEqual([
      'restart: Server `cp-1` changes its node IP (192.168.1.10 → 192.168.1.11): the node re-registers with the new address; '
        + 'copy `k3s/config/cp-1.yaml` to /etc/rancher/k3s/config.yaml and `systemctl restart k3s` there.\n  `node-ip`: 192.168.1.10 → 192.168.1.11',
    ]);
    expect(ha([node(3, { address: '192.168.10.31/24' })])).toEqual([
      'restart: Agent `worker-1` changes its node IP (192.168.10.21 → 192.168.10.31): the node re-registers with the new address; '
        + 'copy `k3s/config/worker-1.yaml` to /etc/rancher/k3s/config.yaml and `systemctl restart k3s-agent` there.\n  `node-ip`: 192.168.10.21 → 192.168.10.31',
    ]);
  });

  it('any other key: a restart of that node, each key old → new (unset, lists, scalars)', () => {
    expect(homelab([node(0, { kubeletArgs: ['max-pods=200'], taints: ['a=b:NoSchedule'] })])).toEqual([
      restart('cp-1', 'k3s', '`kubelet-arg`: unset → max-pods=200', '`node-taint`: unset → a=b:NoSchedule',
        'k3s sets taints only when a node registers: apply them with `kubectl taint node cp-1 …`.'),
    ]);
    expect(ha([node(4, { labels: { other: 'x' }, taints: ['dedicated=storage:PreferNoSchedule'] })])).toEqual([
      restart('worker-2', 'k3s-agent', '`node-label`: l2-announcer=true, storage=ssd → other=x',
        'k3s does not remove a label it set: `kubectl label node worker-2 l2-announcer- storage-`.'),
    ]);
    expect(homelab([k3s({ extraConfig: { server: { 'kube-apiserver-arg': 'v=2' } } })])).toEqual([
      restart('cp-1', 'k3s', '`kube-apiserver-arg`: unset → v=2'),
    ]);
  });
});

describe('keys every server must share (k3s CriticalControlArgs)', () => {
  const together = (keys: string) => `restart: ${keys} must be the same on every server (k3s's critical control arguments): `
    + 'restart all 3 servers with the new config together, or a restarted server is refused by the others.';
  const servers = (...details: string[]) => ['server-1', 'server-2', 'server-3'].map((s) => restart(s, 'k3s', ...details));

  it('changed on several servers: every server restarts, and all together', () => {
    expect(ha([k3s({ extraConfig: { server: { 'cluster-dns': '10.43.0.11', 'secrets-encryption': true } } })])).toEqual([
      ...servers('`cluster-dns`: unset → 10.43.0.11', '`secrets-encryption`: unset → true'),
      together('`cluster-dns`, `secrets-encryption`'),
    ]);
  });

  it('not with one server; not for keys servers may hold apart', () => {
    expect(homelab([k3s({ extraConfig: { server: { 'cluster-dns': '10.43.0.11' } } })])).toEqual([restart('cp-1', 'k3s', '`cluster-dns`: unset → 10.43.0.11')]);
    expect(ha([k3s({ tlsSan: ['api.example.net'] })])).toEqual(servers('`tls-san`: unset → api.example.net'));
  });

  it('each of them, set on the servers through extraConfig; an agent\'s change of one is not a server\'s', () => {
    // k3s pkg/daemons/config/types.go, the `cli` tags of CriticalControlArgs (cluster-cidr and service-cidr have their own line above).
    const critical = [
      'cluster-dns', 'cluster-domain', 'disable-cloud-controller', 'disable-helm-controller', 'disable-network-policy', 'disable-service-lb',
      'egress-selector-mode', 'embedded-registry', 'flannel-backend', 'flannel-external-ip', 'flannel-ip-masq-disable-random-fully',
      'flannel-ipv6-masq', 'secrets-encryption', 'secrets-encryption-provider', 'supervisor-metrics',
    ];
    for (const key of critical) expect(ha([k3s({ extraConfig: { server: { [key]: 'changed' } } })]).at(-1), key).toBe(together(`\`${key}\``));
    const agentOnly = (c: ResolvedCluster): ResolvedCluster => ({
      ...c, nodes: c.nodes.map((n) => (n.role === 'agent' ? { ...n, k3sConfig: { ...n.k3sConfig, 'cluster-dns': '10.43.0.11' } } : n)),
    });
    expect(k3sChanges(resolved(HA), agentOnly(resolved(HA))).map(lineOf)).toEqual([
      restart('worker-1', 'k3s-agent', '`cluster-dns`: unset → 10.43.0.11'), restart('worker-2', 'k3s-agent', '`cluster-dns`: unset → 10.43.0.11'),
    ]);
  });

  it('`disable` counts only when its servicelb item changes', () => {
    const edit = (disable: string[]) => (c: ResolvedCluster): ResolvedCluster => ({
      ...c, nodes: c.nodes.map((n) => (n.role === 'server' ? { ...n, k3sConfig: { ...n.k3sConfig, disable } } : n)),
    });
    const cluster = resolved(HA);
    const review = (a: string[], b: string[]) => k3sChanges(edit(a)(cluster), edit(b)(cluster)).map(lineOf);
    expect(review(['servicelb', 'traefik'], ['traefik']).at(-1)).toBe(together('`disable`'));
    expect(review(['traefik'], ['servicelb'])).toHaveLength(4);
    expect(review(['servicelb', 'traefik'], ['servicelb'])).toEqual(servers('`disable`: servicelb, traefik → servicelb'));
    expect(review(['traefik'], ['metrics-server'])).toHaveLength(3);
    // Other keys that change with it are not made shared by it.
    const tls = (c: ResolvedCluster): ResolvedCluster => ({
      ...c, nodes: c.nodes.map((n) => (n.role === 'server' ? { ...n, k3sConfig: { ...n.k3sConfig, 'tls-san': ['x'] } } : n)),
    });
    expect(k3sChanges(edit(['servicelb'])(cluster), tls(edit(['traefik'])(cluster))).map(lineOf).at(-1)).toBe(together('`disable`'));
  });
});

describe('a dual-stack cluster: both families named', () => {
  const DUAL = 'test/fixtures/examples/dual-stack.yaml';
  const dual = (base: Edit[], head: Edit[]) => comparerLines(k3sChanges, DUAL, base, head);

  it('its CIDRs, node IPs and new nodes list both addresses', () => {
    expect(dual([], [k3s({ clusterCidr: '10.52.0.0/16,fd00:10:52::/56' })])).toEqual([
      'breaking: k3s `cluster-cidr` changes from 10.42.0.0/16, fd00:10:42::/56 to 10.52.0.0/16, fd00:10:52::/56: it cannot change on an installed cluster '
        + '(existing pods, Services and nodes keep the old ranges); it takes a new cluster.',
    ]);
    expect(dual([], [node(1, { address: '192.168.30.31/24,fd00:30::31/64' })])[0].split(': the node')[0]).toBe(
      'restart: Agent `worker-1` changes its node IP (192.168.30.21, fd00:30::21 → 192.168.30.31, fd00:30::31)',
    );
    expect(dual([(s) => s.nodes.splice(2, 1)], [])).toEqual([
      'safe: New agent `worker-2` (192.168.30.22, fd00:30::22): install k3s there with `k3s/config/worker-2.yaml`.',
    ]);
  });
});

describe('taints', () => {
  it('two taints are not their concatenation', () => {
    const taints = (t: string[]): Edit => node(4, { taints: t });
    expect(ha([taints(['a=b:NoSchedule', 'c=d:NoSchedule'])], [taints(['a=b:NoSchedulec=d:NoSchedule'])])[0]).toContain('k3s sets taints only when');
    expect(ha([taints(['a=b:NoSchedulec=d:NoSchedule'])], [taints(['a=b:NoSchedule', 'c=d:NoSchedule'])])[0]).toContain('k3s sets taints only when');
  });
});
