/**
 * Check 16: servers and the API endpoint of a multi-node cluster: at least one server, an odd
 * number of them (embedded etcd needs a majority), and an API endpoint that survives a server
 * failure. (Loopback endpoints that agents cannot use are the API-server check's.)
 */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkServers(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const servers = cluster.servers.length;
  if (servers === 0) return [error(at('nodes'), 'there is no server node; agents need a server to join', 'Make at least one node role: server.')];
  // Only embedded etcd votes: an external datastore keeps the state, and SQLite takes one server (check 34).
  if (servers % 2 === 0 && cluster.k3s.datastore.type === 'etcd') {
    const quorum = servers / 2 + 1;
    const tolerated = (servers - 2) / 2;
    out.push(error(at('nodes'),
      `${servers} servers is an even number: embedded etcd needs a majority (${quorum} of ${servers}) up, so ${servers} servers tolerate ${tolerated} failed `
      + `server${tolerated === 1 ? '' : 's'}, no more than ${servers - 1} would, and a network split into halves leaves neither side with a majority`,
      `Use ${servers - 1} or ${servers + 1} servers (3 tolerates one failure, 5 two), or make one of them an agent.`));
  }
  const { apiHost } = cluster.k3s;
  if (servers > 1 && cluster.servers.some((s) => s.addresses.some((a) => a.ip === apiHost))) {
    out.push(warning(at('k3s', 'apiServer', 'host'),
      `the API endpoint is server ${apiHost} alone, so Cilium on every node loses the API when that one server is down, despite ${servers} servers`,
      'Use 127.0.0.1 (k3s\'s local load balancer on port 6444) or a VIP/DNS name in front of all servers.'));
  }
  return out;
}
