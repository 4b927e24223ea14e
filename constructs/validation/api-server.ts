/**
 * Check 6: Cilium reaches the Kubernetes API at `k3s.apiServer` (without kube-proxy nothing serves
 * the `kubernetes` ClusterIP until Cilium runs), on every node. What works on k3s:
 * - `127.0.0.1:6444`: the apiserver on servers, k3s's client-side API load balancer on agents;
 * - loopback `:6443` only on servers, so only on a cluster without agents;
 * - a server node's IP on 6443 (agents run no API server; 6444 listens on loopback only);
 * - any other IP (a VIP) or a DNS name on the port the endpoint serves; it is added to `tls-san`
 *   automatically (resolveCluster), so the certificate covers it.
 */
import type { Diagnostic } from '../diagnostics.js';
import { fieldPath } from '../diagnostics.js';
import { parseIp } from '../ip.js';
import { isLoopback, ResolvedCluster } from '../resolved-cluster.js';

const K3S_API_LB_PORT = 6444;
const K3S_SUPERVISOR_PORT = 6443;

/** An RFC 1123 host name (what a DNS name for the API can be). */
export function isDnsName(host: string): boolean {
  return host.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(host)
    && host.split('.').every((l) => l.length <= 63) && !/^[0-9.]+$/.test(host);
}

function apiEndpointDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const { apiHost: host, apiPort: port } = cluster.k3s;
  const hostPath = 'k3s.apiServer.host';
  const portPath = 'k3s.apiServer.port';
  const alternatives = `${K3S_API_LB_PORT === port ? '' : '127.0.0.1 with port 6444 (k3s\'s API load balancer on every node), '}a server's IP with port 6443, or a VIP/DNS name`;
  if (isLoopback(host)) {
    if (port === K3S_API_LB_PORT) return [];
    if (port !== K3S_SUPERVISOR_PORT) {
      return [{ severity: 'error', path: portPath, message: `nothing listens on ${host}:${port} on a k3s node`, fix: 'Use port 6444 (k3s\'s API load balancer on every node).' }];
    }
    if (cluster.agents.length > 0) {
      return [{
        severity: 'error', path: hostPath,
        message: `${host}:${port} reaches the API only on servers, but ${cluster.agents.map((a) => a.name).join(', ')} ${cluster.agents.length === 1 ? 'is an agent' : 'are agents'}: Cilium there cannot reach the API and, without kube-proxy, never becomes ready`,
        fix: `Use ${alternatives}.`,
      }];
    }
    return [];
  }
  const node = cluster.nodes.find((n) => n.ip === host);
  if (node?.role === 'agent') {
    return [{ severity: 'error', path: hostPath, message: `${host} is agent node ${node.name}, which runs no API server`, fix: `Use ${alternatives}.` }];
  }
  if (node && port !== K3S_SUPERVISOR_PORT) {
    return [{
      severity: 'error', path: portPath, message: `server ${node.name} serves the API on ${host}:6443, not ${port} (6444 listens on loopback only)`,
      fix: 'Use port 6443, or 127.0.0.1 with port 6444.',
    }];
  }
  if (!node && !parseIp(host) && !isDnsName(host)) {
    return [{
      severity: 'error', path: hostPath, message: `${JSON.stringify(host)} is neither an IP address nor a DNS name`,
      fix: 'Write only the host, e.g. 192.168.1.10 or k3s.example.lan; the port goes in k3s.apiServer.port.',
    }];
  }
  return [];
}

function tlsSanDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  return (cluster.spec.k3s.tlsSan ?? []).flatMap((san, i) => (parseIp(san) || isDnsName(san.replace(/^\*\./, '')) ? [] : [{
    severity: 'error' as const, path: fieldPath('k3s', 'tlsSan', i), message: `${JSON.stringify(san)} is neither an IP address nor a DNS name`,
    fix: 'List bare IPs and DNS names the API certificate must cover.',
  }]));
}

export function validateApiServer(cluster: ResolvedCluster): Diagnostic[] {
  return [...apiEndpointDiagnostics(cluster), ...tlsSanDiagnostics(cluster)];
}
