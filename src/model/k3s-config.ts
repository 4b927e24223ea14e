/**
 * The k3s config file of each node (`/etc/rancher/k3s/config.yaml`) as flag name → value. Servers
 * get the cluster-wide settings plus their own; agents only the flags `k3s agent` accepts
 * (`agent: true` in flags.json), because `k3s agent` exits on any server-only key.
 */
import type { ResolvedCluster } from './resolved.js';
import type { NodeBase } from './resolve/nodes.js';

type K3sFacts = Pick<ResolvedCluster['k3s'], 'clusterCidrs' | 'serviceCidrs' | 'disable' | 'tlsSan' | 'tokenFile' | 'joinUrl' | 'datastore' | 'extraConfig'>;

/**
 * Settings every server must share: k3s refuses a joining server whose critical values differ
 * ("critical configuration value mismatch"), so they come from this one function.
 */
export function sharedServerConfig(k3s: K3sFacts): Record<string, unknown> {
  return {
    // Dual-stack is one entry per family, primary first; k3s accumulates the list like `v4,v6`.
    'cluster-cidr': k3s.clusterCidrs,
    'service-cidr': k3s.serviceCidrs,
    'flannel-backend': 'none',
    'disable-network-policy': true,
    'disable-kube-proxy': true,
    disable: k3s.disable,
    ...(k3s.tlsSan.length > 0 ? { 'tls-san': k3s.tlsSan } : {}),
  };
}

/** A list-valued flag, left out when empty. */
function listFlag(name: string, values: readonly string[]): Record<string, readonly string[]> {
  return values.length > 0 ? { [name]: values } : {};
}

/** Flags of one node that both `k3s server` and `k3s agent` accept. */
function perNodeConfig(k3s: K3sFacts, node: NodeBase): Record<string, unknown> {
  return {
    'node-ip': node.addresses.map((a) => a.ip),
    'token-file': k3s.tokenFile,
    ...listFlag('node-external-ip', node.externalIps),
    ...listFlag('node-label', Object.keys(node.labels).sort().map((k) => `${k}=${node.labels[k]}`)),
    ...listFlag('node-taint', node.taints),
    ...listFlag('kubelet-arg', node.kubeletArgs),
  };
}

/**
 * How a server reaches the cluster state. Embedded etcd: the first server starts it
 * (`cluster-init`), the others join it through `server`. An external datastore: every server
 * points at it (an endpoint without one is read from K3S_DATASTORE_ENDPOINT, PLAN.md says so) and
 * none joins another. SQLite: the one server's own file.
 */
function datastoreConfig(k3s: K3sFacts, first: boolean): Record<string, unknown> {
  const d = k3s.datastore;
  switch (d.type) {
    case 'etcd': return first ? { 'cluster-init': true } : { server: k3s.joinUrl };
    case 'sqlite': return {};
    case 'external': return {
      ...(d.endpoint !== undefined ? { 'datastore-endpoint': d.endpoint } : {}),
      ...(d.caFile !== undefined ? { 'datastore-cafile': d.caFile } : {}),
      ...(d.certFile !== undefined ? { 'datastore-certfile': d.certFile } : {}),
      ...(d.keyFile !== undefined ? { 'datastore-keyfile': d.keyFile } : {}),
    };
  }
}

/**
 * The config of one node; `servers` are the cluster's servers in file order (the first starts
 * embedded etcd). `k3s.extraConfig` of the node's role comes last: check 36 refuses keys set here.
 */
export function k3sNodeConfig(k3s: K3sFacts, node: NodeBase, servers: readonly NodeBase[]): Record<string, unknown> {
  const perNode = perNodeConfig(k3s, node);
  if (node.role === 'agent') return { ...perNode, server: k3s.joinUrl, ...k3s.extraConfig.agent };
  return {
    ...sharedServerConfig(k3s),
    ...perNode,
    ...datastoreConfig(k3s, servers[0] === node),
    ...k3s.extraConfig.server,
  };
}
