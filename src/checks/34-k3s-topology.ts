/**
 * Check 34: the k3s topology. `k3s.version` is a supported minor, and one whose Kubernetes the
 * Cilium minor is e2e-tested with (a warning otherwise: it may work). The join URL is one servers
 * answer on: not loopback (each node's own), not an agent. The datastore fits the servers: SQLite
 * holds one server's state only; embedded etcd and external datastores any number (the odd number
 * etcd needs is check 16's). An external endpoint never carries a password (the file is in Git:
 * k3s reads it from K3S_DATASTORE_ENDPOINT instead); TLS files are absolute paths on the servers.
 * Sources: k3s docs "High Availability with an External DB" and "High Availability Embedded etcd",
 * ../shared/notes/k3s.md; Cilium's requirements.rst per release (src/model/cilium-versions.ts).
 */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import { isLoopback } from '../model/k3s.js';
import { k3sKubernetesMinor, SUPPORTED_K3S_RANGE } from '../model/k3s-versions.js';
import type { ResolvedCluster } from '../model/resolved.js';

function versionDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const version = cluster.k3s.version;
  if (version === undefined) return [];
  const minor = k3sKubernetesMinor(version);
  if (minor === undefined) return [];
  if (!cluster.k3s.caps) {
    return [error(at('k3s', 'version'), `k3s ${version} is not a supported release (${SUPPORTED_K3S_RANGE})`, `Use a release of ${SUPPORTED_K3S_RANGE}.`)];
  }
  const [low, high] = cluster.cilium.caps.kubernetesTested;
  if (minor < low || minor > high) {
    return [warning(at('k3s', 'version'),
      `k3s ${version} runs Kubernetes 1.${minor}, outside the 1.${low}–1.${high} that Cilium ${cluster.cilium.caps.minor} is tested with`,
      `Prefer a k3s release of Kubernetes 1.${low}–1.${high}, or a Cilium minor tested with 1.${minor}.`)];
  }
  return [];
}

function joinDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  if (!cluster.k3s.joinUrlFromSpec) return [];
  const host = cluster.k3s.joinHost;
  const path = at('k3s', 'joinUrl');
  if (isLoopback(host)) {
    return [error(path, `${host} is each node's own loopback; a joining node would try to join itself`,
      'Use the VIP or DNS name in front of the servers, or a server\'s address.')];
  }
  const agent = cluster.agents.find((a) => a.addresses.some((x) => x.ip === host));
  if (agent) {
    return [error(path, `${host} is agent ${agent.name}'s address; only servers accept joining nodes`, 'Use the VIP or DNS name in front of the servers.')];
  }
  return [];
}

/** A URL's password, or a `password=` parameter of a data source name. */
const CREDENTIALS = /:\/\/[^/@\s]*:[^/@\s]*@|[?&;\s](password|pass|pwd)=/i;

function datastoreDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const d = cluster.k3s.datastore;
  const out: Diagnostic[] = [];
  const servers = cluster.servers.length;
  if (d.type === 'sqlite' && servers > 1) {
    out.push(error(at('k3s', 'datastore', 'type'), `SQLite holds one server's state, and there are ${servers} servers`,
      'Use type: etcd (embedded etcd, an odd number of servers) or type: external with a datastore endpoint.'));
  }
  for (const field of ['endpoint', 'caFile', 'certFile', 'keyFile'] as const) {
    const value = d[field];
    if (value === undefined) continue;
    const path = at('k3s', 'datastore', field);
    if (d.type !== 'external') {
      out.push(error(path, `${field} is for an external datastore, and the type is ${d.type}`, 'Remove it, or set type: external.'));
    } else if (field === 'endpoint' && CREDENTIALS.test(value)) {
      out.push(error(path, 'the endpoint carries a password, which would be committed to Git and rendered into every server\'s config',
        'Leave endpoint out and set K3S_DATASTORE_ENDPOINT on each server (e.g. in /etc/systemd/system/k3s.service.env), or use TLS client certificates (certFile, keyFile).'));
    } else if (field !== 'endpoint' && !value.startsWith('/')) {
      out.push(error(path, `${JSON.stringify(value)} is not an absolute path; k3s would read it relative to the directory it was started in`,
        'Write the full path on the servers, e.g. /etc/rancher/k3s/datastore-ca.crt.'));
    }
  }
  return out;
}

export function checkK3sTopology(cluster: ResolvedCluster): Diagnostic[] {
  return [...versionDiagnostics(cluster), ...joinDiagnostics(cluster), ...datastoreDiagnostics(cluster)];
}
