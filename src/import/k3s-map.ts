/**
 * k3s node configs → the cluster file: nodes (name, role, address, labels, taints, kubelet args),
 * the cluster-wide k3s fields from the servers, and the keys the model decides for every node.
 */
import { K3S_FLAGS } from '../../generated/k3s-flags.js';
import { parseIp } from '../model/ip.js';
import { Draft, isObj } from './draft.js';
import { flagList, isServerConfig, type NodeConfig } from './k3s-configs.js';
import type { Destination, ImportReport } from './report.js';

/** Keys the model writes itself on every server (src/model/k3s-config.ts sharedServerConfig). */
const DECIDED: Readonly<Record<string, string>> = {
  'flannel-backend': 'flannel-backend: none (Cilium is the CNI)',
  'disable-network-policy': 'disable-network-policy: true (Cilium enforces network policy)',
  'disable-kube-proxy': 'disable-kube-proxy: true (Cilium replaces kube-proxy)',
};

/** Datastore flags → fields of `k3s.datastore` (issue 20). */
const DATASTORE_FILES: Readonly<Record<string, string>> = { 'datastore-cafile': 'caFile', 'datastore-certfile': 'certFile', 'datastore-keyfile': 'keyFile' };

/** The prefix length a node address gets when k3s's `node-ip` has none: the usual LAN subnet of the family. */
const ASSUMED_PREFIX: Readonly<Record<4 | 6, number>> = { 4: 24, 6: 64 };

export interface K3sMapping {
  /** The nodes' drafts, servers first (the `cluster-init` server leading). */
  readonly nodes: Draft[];
  /** Values set on servers that must agree (cluster-cidr…): key → value. */
  readonly clusterWide: Readonly<Record<string, unknown>>;
}

/** A key without a field, waiting until every node is read: `k3s.extraConfig` takes it when all nodes of the role agree. */
interface Pending {
  readonly role: 'server' | 'agent';
  readonly key: string;
  readonly value: unknown;
  readonly file: string;
  readonly object: string;
}

function objectOf(n: NodeConfig): string {
  return `k3s config of node ${n.name}${n.files.length > 1 ? ` (${n.files.length} files merged)` : ''}`;
}

/** Orders configs: servers first, the `cluster-init` one leading, then agents; input order otherwise. */
function ordered(configs: readonly NodeConfig[]): NodeConfig[] {
  const servers = configs.filter((c) => isServerConfig(c.config));
  const init = servers.filter((c) => c.config['cluster-init'] === true || c.config['cluster-init'] === 'true');
  return [...init, ...servers.filter((c) => !init.includes(c)), ...configs.filter((c) => !servers.includes(c))];
}

export function mapK3sConfigs(configs: readonly NodeConfig[], draft: Draft, report: ImportReport): K3sMapping {
  const nodes: Draft[] = [];
  const clusterWide: Record<string, unknown> = {};
  const pending: Pending[] = [];
  const roles: ('server' | 'agent')[] = [];
  const k3s = (draft.k3s ??= {}) as Draft;
  ordered(configs).forEach((n, index) => {
    const role = isServerConfig(n.config) ? 'server' : 'agent';
    const node: Draft = { name: n.name, role };
    roles.push(role);
    nodes.push(node);
    const at = `nodes[${index}]`;
    const object = objectOf(n);
    if (n.nameFrom !== 'node-name') report.infer(`${at}.name`, `from ${n.nameFrom}`);
    report.infer(`${at}.role`, role === 'server' ? 'a server: its config has server-only keys or joins no server' : 'an agent: its config joins a server and has no server-only key');
    for (const [key, value] of Object.entries(n.config)) {
      const file = n.origin[key];
      const add = (to: Destination) => report.add(file, object, key, value, to);
      switch (key) {
        case 'node-name':
          // The rendered configs set no node-name: k3s then registers the node under its hostname.
          add({ kind: 'field', path: `${at}.name`, note: 'the rendered config sets no node-name: the node\'s hostname must be this name' });
          break;
        case 'node-ip': {
          const ips = flagList(value);
          const withPrefix = ips.map((ip) => {
            const parsed = parseIp(ip);
            return parsed ? `${ip}/${ASSUMED_PREFIX[parsed.family]}` : ip;
          });
          node.address = withPrefix.join(',');
          report.infer(`${at}.address`, `${ips.join(',')} from node-ip, with the prefix length of a typical LAN subnet (/24, IPv6 /64) assumed: write your subnet's`);
          add({ kind: 'field', path: `${at}.address`, note: 'prefix length assumed' });
          break;
        }
        case 'node-external-ip':
          node.externalAddress = flagList(value).join(',');
          add({ kind: 'field', path: `${at}.externalAddress` });
          break;
        case 'node-label': {
          const labels: Record<string, string> = {};
          for (const l of flagList(value)) {
            const eq = l.indexOf('=');
            labels[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? '' : l.slice(eq + 1);
          }
          node.labels = labels;
          add({ kind: 'field', path: `${at}.labels` });
          break;
        }
        case 'node-taint':
          node.taints = flagList(value);
          add({ kind: 'field', path: `${at}.taints` });
          break;
        case 'kubelet-arg':
          // Kubelet args may hold commas themselves (feature gates): keep the list items whole.
          node.kubeletArgs = (Array.isArray(value) ? value : [value]).map((v) => String(v).replace(/^--/, ''));
          add({ kind: 'field', path: `${at}.kubeletArgs` });
          break;
        case 'token-file':
          if (k3s.tokenFile !== undefined && k3s.tokenFile !== value) {
            add({ kind: 'dropped', reason: `every node reads the same token-file in this model; ${String(k3s.tokenFile)} (from an earlier node) is kept` });
          } else {
            k3s.tokenFile = value;
            add({ kind: 'field', path: 'k3s.tokenFile' });
          }
          break;
        case 'token':
        case 'agent-token':
          add({ kind: 'dropped', reason: 'a token is a secret and never goes into Git; the cluster file names a token-file instead (k3s.tokenFile)' });
          break;
        case 'cluster-cidr':
        case 'service-cidr':
        case 'disable':
        case 'tls-san':
          if (role === 'server') clusterWide[key] ??= value;
          if (role === 'server' && JSON.stringify(clusterWide[key]) !== JSON.stringify(value)) {
            add({ kind: 'dropped', reason: `differs from the first server's ${JSON.stringify(clusterWide[key])}: k3s refuses servers whose ${key} differ` });
          } else {
            add(clusterField(key, value, k3s));
          }
          break;
        case 'server':
          if (k3s.joinUrl === undefined) k3s.joinUrl = value;
          add(k3s.joinUrl === value ? { kind: 'field', path: 'k3s.joinUrl' } : { kind: 'dropped', reason: `every node joins through one URL here: ${String(k3s.joinUrl)}` });
          break;
        case 'cluster-init':
          k3s.datastore = { type: 'etcd' };
          add({ kind: 'field', path: 'k3s.datastore', note: 'embedded etcd; cluster-init goes on the first server' });
          break;
        case 'datastore-endpoint': {
          // Credentials never go into Git: the endpoint is kept without them (k3s reads K3S_DATASTORE_ENDPOINT on the servers).
          const endpoint = String(value).replace(/(:\/\/)[^/@]*@/, '$1');
          k3s.datastore = { ...(isObj(k3s.datastore) ? k3s.datastore : {}), type: 'external', endpoint };
          add({ kind: 'field', path: 'k3s.datastore.endpoint', ...(endpoint !== value ? { note: 'credentials removed: give them through K3S_DATASTORE_ENDPOINT on the servers' } : {}) });
          break;
        }
        default:
          if (Object.hasOwn(DECIDED, key)) add(decidedDestination(key, value));
          else if (Object.hasOwn(DATASTORE_FILES, key)) {
            k3s.datastore = { ...(isObj(k3s.datastore) ? k3s.datastore : { type: 'external' }), [DATASTORE_FILES[key]]: value };
            add({ kind: 'field', path: `k3s.datastore.${DATASTORE_FILES[key]}` });
          } else pending.push({ role, key, value, file, object });
      }
    }
    if (node.address === undefined) report.note(`${n.file}: node ${n.name} has no node-ip: set nodes[${index}].address (its IP with the subnet's prefix length).`);
  });
  placeExtraKeys(pending, roles, k3s, report);
  return { nodes, clusterWide };
}

const FLAG_TYPES = new Map(K3S_FLAGS.flatMap((f) => [f.name, ...f.aliases].map((n) => [n, f.type] as const)));

/** k3s turns a number into its flag's text (fmt.Sprint, pkg/configfilearg): a number for a string flag is written as that text. */
function flagValue(key: string, value: unknown): unknown {
  const type = FLAG_TYPES.get(key.replace(/\+$/, ''));
  return typeof value === 'number' && (type === 'string' || type === 'duration') ? String(value) : value;
}

/** A key without a field goes to `k3s.extraConfig.<role>` when every node of the role sets it to the same value. */
function placeExtraKeys(pending: readonly Pending[], roles: readonly ('server' | 'agent')[], k3s: Draft, report: ImportReport): void {
  for (const p of pending) {
    const same = pending.filter((q) => q.role === p.role && q.key === p.key);
    const everyNode = same.length === roles.filter((r) => r === p.role).length;
    const agree = same.every((q) => JSON.stringify(q.value) === JSON.stringify(p.value));
    if (everyNode && agree) {
      const extra = ((k3s.extraConfig ??= {}) as Draft);
      ((extra[p.role] ??= {}) as Draft)[p.key] = flagValue(p.key, p.value);
      report.add(p.file, p.object, p.key, p.value, { kind: 'field', path: `k3s.extraConfig.${p.role}.${p.key}` });
    } else {
      report.add(p.file, p.object, p.key, p.value, {
        kind: 'dropped',
        reason: `k3s.extraConfig is per role, and the ${p.role}s ${everyNode ? 'set different values' : 'do not all set it'}: add it to the nodes by hand`,
      });
    }
  }
}

function decidedDestination(key: string, value: unknown): Destination {
  if (key === 'flannel-backend' && value !== 'none') return { kind: 'decided', what: `flannel-backend: none: Cilium replaces flannel (yours: ${JSON.stringify(value)})` };
  return { kind: 'decided', what: DECIDED[key] };
}

function clusterField(key: string, value: unknown, k3s: Draft): Destination {
  const list = flagList(value);
  switch (key) {
    case 'cluster-cidr':
      k3s.clusterCidr = list.join(',');
      return { kind: 'field', path: 'k3s.clusterCidr' };
    case 'service-cidr':
      k3s.serviceCidr = list.join(',');
      return { kind: 'field', path: 'k3s.serviceCidr' };
    case 'disable': {
      const kept = list.filter((d) => d !== 'servicelb');
      if (kept.length > 0) k3s.disable = kept;
      return list.includes('servicelb')
        ? { kind: 'field', path: 'k3s.disable', note: 'servicelb is always disabled and not listed' }
        : { kind: 'field', path: 'k3s.disable' };
    }
    default: {
      const host = isObj(k3s.apiServer) ? k3s.apiServer.host : undefined;
      const sans = list.filter((s) => s !== host);
      if (sans.length > 0) k3s.tlsSan = sans;
      return { kind: 'field', path: 'k3s.tlsSan' };
    }
  }
}
