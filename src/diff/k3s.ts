/**
 * k3s changes. `cluster-cidr` and `service-cidr` cannot change once the cluster is installed; with
 * embedded etcd (more than one server) a server's node IP is its etcd member address; the settings
 * servers compare at join must change on every server together; any other change of a node's
 * config.yaml takes a k3s restart on that node.
 */
import type { ResolvedCluster, ResolvedNode } from '../model/resolved.js';
import type { Change } from './review.js';
import { codeSpan as code } from '../text/markdown.js';

/**
 * The config keys behind k3s's CriticalControlArgs, "parameters that all control plane nodes in HA
 * must share": a server whose values differ from the cluster's is refused at join/start (k3s
 * pkg/daemons/config/types.go, the `cli` tags of CriticalControlArgs; read at master f4c53e66).
 * Of `disable`'s items only servicelb is among them (DisableServiceLB); tls-san is not.
 */
const SHARED_SERVER_KEYS = [
  'cluster-cidr', 'cluster-dns', 'cluster-domain', 'disable-cloud-controller', 'disable-helm-controller', 'disable-network-policy',
  'disable-service-lb', 'egress-selector-mode', 'embedded-registry', 'flannel-backend', 'flannel-external-ip', 'flannel-ip-masq-disable-random-fully',
  'flannel-ipv6-masq', 'secrets-encryption', 'secrets-encryption-provider', 'service-cidr', 'supervisor-metrics',
];

/** The shared keys among a node's changed ones; `disable` counts when its servicelb item changed. */
function sharedKeys(keys: readonly string[], was: Readonly<Record<string, unknown>>, is: Readonly<Record<string, unknown>>): string[] {
  const servicelb = (c: Readonly<Record<string, unknown>>) => Array.isArray(c.disable) && c.disable.includes('servicelb');
  return keys.filter((k) => SHARED_SERVER_KEYS.includes(k) || (k === 'disable' && servicelb(was) !== servicelb(is)));
}

/** `key: old → new` of a changed k3s config key. */
function keyLine(key: string, was: Readonly<Record<string, unknown>>, is: Readonly<Record<string, unknown>>): string {
  const show = (v: unknown) => (v === undefined ? 'unset' : Array.isArray(v) ? v.join(', ') : String(v));
  return `${code(key)}: ${show(was[key])} → ${show(is[key])}`;
}

const service = (node: ResolvedNode) => (node.role === 'server' ? 'k3s' : 'k3s-agent');

function changedKeys(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

/**
 * k3s re-applies `node-label` values at every start but never removes a label it set, and applies
 * `node-taint` only when the node registers: those need kubectl.
 */
function labelAndTaintNotes(node: ResolvedNode, next: ResolvedNode): string[] {
  const removed = Object.keys(node.labels).filter((k) => !Object.hasOwn(next.labels, k));
  const taints = node.taints.join('\n') !== next.taints.join('\n');
  return [
    ...(removed.length ? [`k3s does not remove a label it set: \`kubectl label node ${node.name} ${removed.map((k) => `${k}-`).join(' ')}\`.`] : []),
    ...(taints ? [`k3s sets taints only when a node registers: apply them with \`kubectl taint node ${node.name} …\`.`] : []),
  ];
}

export function k3sChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const out: Change[] = [];
  for (const [key, was, is] of [
    ['cluster-cidr', before.k3s.clusterCidrs, after.k3s.clusterCidrs],
    ['service-cidr', before.k3s.serviceCidrs, after.k3s.serviceCidrs],
  ] as const) {
    if (was.join() === is.join()) continue;
    out.push({
      level: 'breaking',
      topics: [],
      text: `k3s ${code(key)} changes from ${was.join(', ')} to ${is.join(', ')}: it cannot change on an installed cluster (existing pods, Services and nodes keep the old ranges); it takes a new cluster.`,
    });
  }
  const shared = new Set<string>();
  for (const node of before.nodes) {
    const next = after.nodes.find((n) => n.name === node.name);
    if (!next) {
      out.push(
        node.role === 'server'
          ? {
              level: 'breaking',
              topics: [],
              text: `Server ${code(node.name)} is removed: drain it, delete the node and remove its etcd member, or etcd keeps counting it for quorum.`,
            }
          : { level: 'restart', topics: [], text: `Agent ${code(node.name)} is removed: drain and delete the node; its workloads restart elsewhere.` },
      );
      continue;
    }
    if (next.role !== node.role) {
      out.push({
        level: 'breaking',
        topics: [],
        text: `Node ${code(node.name)} changes from ${node.role} to ${next.role}: it must be reinstalled with the other k3s subcommand.`,
      });
      continue;
    }
    const keys = changedKeys(node.k3sConfig, next.k3sConfig).filter((k) => !['cluster-cidr', 'service-cidr'].includes(k));
    if (keys.length === 0) continue;
    const ips = `${node.addresses.map((a) => a.ip).join(', ')} → ${next.addresses.map((a) => a.ip).join(', ')}`;
    if (node.role === 'server' && keys.includes('node-ip') && after.servers.length > 1) {
      out.push({
        level: 'breaking',
        topics: [],
        text: `Server ${code(node.name)} changes its node IP (${ips}): with embedded etcd that is its etcd member address; remove and re-add the member.`,
      });
      continue;
    }
    if (node.role === 'server') for (const k of sharedKeys(keys, node.k3sConfig, next.k3sConfig)) shared.add(k);
    out.push({
      level: 'restart',
      topics: [],
      details: [...keys.map((k) => keyLine(k, node.k3sConfig, next.k3sConfig)), ...labelAndTaintNotes(node, next)],
      text: keys.includes('node-ip')
        ? `${node.role === 'server' ? 'Server' : 'Agent'} ${code(node.name)} changes its node IP (${ips}): the node re-registers with the new address; `
          + `copy \`k3s/config/${node.name}.yaml\` to /etc/rancher/k3s/config.yaml and \`systemctl restart ${service(node)}\` there.`
        : `The k3s config of ${code(node.name)} changes: copy \`k3s/config/${node.name}.yaml\` to /etc/rancher/k3s/config.yaml and \`systemctl restart ${service(node)}\` there.`,
    });
  }
  if (shared.size > 0 && after.servers.length > 1) {
    out.push({
      level: 'restart',
      topics: [],
      // Stryker disable next-line MethodExpression: every server gets the same shared keys, each server's sorted (changedKeys), so the set is sorted already
      text: `${[...shared].sort().map((k) => `${code(k)}`).join(', ')} must be the same on every server (k3s's critical control arguments): `
        + `restart all ${after.servers.length} servers with the new config together, or a restarted server is refused by the others.`,
    });
  }
  for (const node of after.nodes.filter((n) => !before.nodes.some((b) => b.name === n.name))) {
    out.push({
      level: 'safe',
      topics: [],
      text: `New ${node.role} ${code(node.name)} (${node.addresses.map((a) => a.ip).join(', ')}): install k3s there with \`k3s/config/${node.name}.yaml\`.`,
    });
  }
  return out;
}
