/**
 * Check 6: Cilium reaches the Kubernetes API at `k3s.apiServer` (without kube-proxy nothing serves
 * the `kubernetes` ClusterIP until Cilium runs), on every node. What works on k3s:
 * - `127.0.0.1:6444`: the apiserver on servers, k3s's client-side API load balancer on agents;
 * - loopback `:6443` only on servers, so only on a cluster without agents;
 * - a server node's IP on 6443 (agents run no API server; 6444 listens on loopback only);
 * - any other IP (a VIP) or a DNS name on the port the endpoint serves; the resolver adds it to
 *   `tls-san`, so the certificate covers it.
 * Not `auto`: the chart reads that as "look the API up in the kubeadm ConfigMap kube-public/cluster-info",
 * which k3s does not create (the 1.19+ charts fail on it, 1.18 renders KUBERNETES_SERVICE_HOST=auto).
 */
import { K3S_LOCAL_API_LB_PORT, K3S_SUPERVISOR_PORT } from '../model/defaults.js';
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { parseIp } from '../model/ip.js';
import { isLoopback } from '../model/k3s.js';
import { isDnsName } from '../model/names.js';
import type { ResolvedCluster } from '../model/resolved.js';

function apiEndpointDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const { apiHost: host, apiPort: port } = cluster.k3s;
  const hostPath = at('k3s', 'apiServer', 'host');
  const portPath = at('k3s', 'apiServer', 'port');
  const alternatives = `${K3S_LOCAL_API_LB_PORT === port ? '' : '127.0.0.1 with port 6444 (k3s\'s API load balancer on every node), '}`
    + 'a server\'s IP with port 6443, or a VIP/DNS name';
  if (isLoopback(host)) {
    if (port === K3S_LOCAL_API_LB_PORT) return [];
    if (port !== K3S_SUPERVISOR_PORT) {
      return [error(portPath, `nothing listens on ${host}:${port} on a k3s node`, 'Use port 6444 (k3s\'s API load balancer on every node).')];
    }
    if (cluster.agents.length > 0) {
      const agents = `${cluster.agents.map((a) => a.name).join(', ')} ${cluster.agents.length === 1 ? 'is an agent' : 'are agents'}`;
      return [error(hostPath,
        `${host}:${port} reaches the API only on servers, but ${agents}: Cilium there cannot reach the API and, without kube-proxy, never becomes ready`,
        `Use ${alternatives}.`)];
    }
    return [];
  }
  if (host === 'auto') {
    return [error(hostPath, 'the Cilium chart reads k8sServiceHost "auto" as "look the API server up in the kubeadm ConfigMap kube-public/cluster-info", '
      + 'which k3s does not create: the chart fails or the agent gets the host name "auto"', `Use ${alternatives}.`)];
  }
  const node = cluster.nodes.find((n) => n.addresses.some((a) => a.ip === host));
  if (node?.role === 'agent') return [error(hostPath, `${host} is agent node ${node.name}, which runs no API server`, `Use ${alternatives}.`)];
  if (node && port !== K3S_SUPERVISOR_PORT) {
    return [error(portPath, `server ${node.name} serves the API on ${host}:6443, not ${port} (6444 listens on loopback only)`,
      'Use port 6443, or 127.0.0.1 with port 6444.')];
  }
  if (!node && !parseIp(host) && !isDnsName(host)) {
    return [error(hostPath, `${JSON.stringify(host)} is neither an IP address nor a DNS name`,
      'Write only the host, e.g. 192.168.1.10 or k3s.example.lan; the port goes in k3s.apiServer.port.')];
  }
  return [];
}

function tlsSanDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  return cluster.k3s.tlsSanAsWritten.flatMap((san, i) => (parseIp(san) || isDnsName(san.replace(/^\*\./, '')) ? []
    : [error(at('k3s', 'tlsSan', i), `${JSON.stringify(san)} is neither an IP address nor a DNS name`,
      'List bare IPs and DNS names the API certificate must cover.')]));
}

export function checkApiServer(cluster: ResolvedCluster): Diagnostic[] {
  return [...apiEndpointDiagnostics(cluster), ...tlsSanDiagnostics(cluster)];
}
