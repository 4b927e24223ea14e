/**
 * What k3s and the kubelet do on their own that the model must know: the labels every node gets
 * at registration (selectors see them), the pseudo-labels LB-IPAM matches Services by, which API
 * hosts are loopback, and the URL joining nodes use.
 */
import { K3S_LOCAL_API_LB_PORT, K3S_SUPERVISOR_PORT } from './defaults.js';
import { parseIp } from './ip.js';
import { mergeRecords } from './records.js';

/**
 * Labels a node carries once registered besides the declared ones: the kubelet sets hostname and
 * OS, k3s labels servers with their control-plane role (Cilium's own L2 example selects on it).
 */
export function k3sNodeLabels(name: string, role: 'server' | 'agent'): Record<string, string> {
  return {
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    ...(role === 'server' ? { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' } : {}),
  };
}

/** Labels a Service is matched by in LB-IPAM pool selectors: its own plus the namespace/name pseudo-labels. */
export function serviceSelectorLabels(labels: Record<string, string>, namespace: string, name: string): Record<string, string> {
  return mergeRecords(labels, { 'io.kubernetes.service.namespace': namespace, 'io.kubernetes.service.name': name });
}

/** Whether a host is a loopback address or `localhost`. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const ip = parseIp(host);
  if (!ip) return false;
  return ip.family === 4 ? ip.value >> 24n === 127n : ip.value === 1n;
}

/** The URL joining nodes use: the API endpoint on the supervisor port. */
export function joinUrl(apiHost: string, apiPort: number, firstServerIp: string | undefined): string {
  // Loopback (k3s's per-node load balancer on 127.0.0.1:6444) is no place to join through: join the first server.
  const local = isLoopback(apiHost) || apiPort === K3S_LOCAL_API_LB_PORT;
  const host = local ? firstServerIp ?? apiHost : apiHost;
  return `https://${host.includes(':') ? `[${host}]` : host}:${K3S_SUPERVISOR_PORT}`;
}

/** The host of a `https://host:port` URL (brackets of an IPv6 address removed); the text itself when it is not one. */
export function urlHost(url: string): string {
  const m = /^https:\/\/(\[([^\]]+)\]|[^:/\s]+)(:[0-9]+)?$/.exec(url);
  return m ? m[2] ?? m[1] : url;
}

/**
 * The packaged components `disable` accepts (k3s `pkg/cli/cmds/stage.go` DisableItems, the same on
 * v1.34 and master; a conformance test compares it with ../shared/k3s/flags.json). k3s does not
 * validate the list: an unknown entry is ignored, so a typo leaves the component running.
 */
export const K3S_DISABLE_ITEMS = ['coredns', 'servicelb', 'traefik', 'local-storage', 'metrics-server', 'runtimes'] as const;

/** Packaged components of a later k3s minor only: `disable` accepts them from that minor on (k3s-io/k3s#14681). */
export const K3S_DISABLE_ITEMS_SINCE: Readonly<Record<string, number>> = { 'gateway-api-crd': 37 };

/**
 * Names people write in `disable` that are not packaged components but whose intent the server
 * configs here fulfil anyway (every k3s-era fork of the common homelab template lists `flannel`):
 * a no-op, noted and left out of the rendered list.
 */
export const K3S_NOOP_DISABLE_ITEMS: Readonly<Record<string, string>> = {
  'kube-proxy': 'kube-proxy is not a packaged component; k3s turns it off with disable-kube-proxy, which every server config here sets',
  flannel: 'flannel is not a packaged component; k3s turns it off with flannel-backend: none, which every server config here sets',
  'network-policy':
    'the network-policy controller is not a packaged component; k3s turns it off with disable-network-policy, which every server config here sets',
};

/** Names people write in `disable` that are not packaged components and that `disable` cannot turn off. */
export const K3S_NOT_DISABLE_ITEMS: Readonly<Record<string, string>> = {
  'helm-controller': 'the helm controller is not a packaged component, and it must run: it installs Cilium from k3s/manifests/cilium.yaml',
  'cloud-controller': 'the cloud controller is not a packaged component: k3s turns it off with the disable-cloud-controller flag',
  ccm: 'the cloud controller is not a packaged component: k3s turns it off with the disable-cloud-controller flag',
};
