/**
 * Check 20: peers and peer configs: unique names and addresses, addresses that are IPs outside
 * every pool, not a node's own, and of a family the speaking nodes have, each peer tied to exactly one peer config,
 * no peer config left unreferenced, and keepalive ≤ hold time (the CRD's CEL rule, with its defaults).
 * Two peers with one address would be two sessions to one router, which Cilium's BGP speaker
 * refuses (one neighbour per address per instance).
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { formatRange, parseIp } from '../model/ip.js';
import type { ResolvedBgp, ResolvedCluster } from '../model/resolved.js';

function duplicates(names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  return new Set(names.filter((n) => seen.has(n) || !seen.add(n)));
}

function peerConfigDiagnostics(bgp: ResolvedBgp): Diagnostic[] {
  const out: Diagnostic[] = [];
  const configNames = bgp.peerConfigs.map((c) => c.name);
  const dupConfigs = duplicates(configNames);
  // A peer with a wrong reference is reported once, not again as an unused peer config.
  const allPeersResolved = bgp.peers.every((p) => p.peerConfig);
  for (const config of bgp.peerConfigs) {
    const path = at('loadBalancer', 'bgp', 'peerConfigs', config.index);
    if (dupConfigs.has(config.name) && configNames.indexOf(config.name) !== config.index) {
      out.push(error(`${path}.name`, `peer config "${config.name}" is defined twice`, 'Give each peer config its own name.'));
    }
    if (config.keepAliveTimeSeconds > config.holdTimeSeconds) {
      const given = config.spec.timers?.holdTimeSeconds === undefined ? ' (the default)' : '';
      out.push(error(at('loadBalancer', 'bgp', 'peerConfigs', config.index, 'timers', 'keepAliveTimeSeconds'),
        `keepalive time ${config.keepAliveTimeSeconds} s is longer than the hold time ${config.holdTimeSeconds} s${given}, `
        + 'so the session would expire between keepalives (the CRD rejects keepAliveTimeSeconds > holdTimeSeconds)',
        'Use a keepalive of at most a third of the hold time, e.g. holdTimeSeconds: 9 with keepAliveTimeSeconds: 3.'));
    }
    if (allPeersResolved && !dupConfigs.has(config.name) && !bgp.peers.some((p) => p.peerConfig === config)) {
      out.push(error(path, `peer config "${config.name}" is not used by any peer`, 'Set it as `peerConfig` of a peer, or remove it.'));
    }
  }
  return out;
}

function peerDiagnostics(bgp: ResolvedBgp, nodes: ResolvedCluster['nodes']): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byAddress = new Map<string, string>();
  const speakerFamilies = new Set(bgp.speakers.flatMap((n) => n.addresses.map((a) => a.family)));
  const configNames = bgp.peerConfigs.map((c) => c.name);
  const peerNames = bgp.peers.map((p) => p.name);
  const dupPeers = duplicates(peerNames);
  // Node addresses by family and value: one lookup per peer instead of a scan of every node.
  const nodeByAddress = new Map<string, ResolvedCluster['nodes'][number]>();
  for (const n of nodes) {
    for (const a of n.addresses) {
      const parsed = parseIp(a.ip);
      const key = parsed && `${a.family}/${parsed.value}`;
      if (key && !nodeByAddress.has(key)) nodeByAddress.set(key, n);
    }
  }
  for (const peer of bgp.peers) {
    const path = at('loadBalancer', 'bgp', 'peers', peer.index);
    if (dupPeers.has(peer.name) && peerNames.indexOf(peer.name) !== peer.index) {
      out.push(error(`${path}.name`, `peer "${peer.name}" is defined twice`, 'Give each peer its own name.'));
    }
    const ip = parseIp(peer.address);
    if (peer.family === undefined || !ip) {
      out.push(error(`${path}.address`, `"${peer.address}" is not an IP address`, 'Use the router\'s IPv4 or IPv6 address, without prefix length.'));
    } else {
      const key = `${ip.family}/${ip.value}`;
      const first = byAddress.get(key);
      if (first !== undefined) {
        out.push(error(`${path}.address`, `${peer.address} is already the address of peer "${first}"; Cilium keeps one session per neighbour address`,
          'Peer with each router once; to change session settings per router, give it its own peer config.'));
      } else {
        byAddress.set(key, peer.name);
      }
      const node = nodeByAddress.get(key);
      if (node) {
        out.push(error(`${path}.address`, `${peer.address} is node ${node.name}'s own address; a node cannot peer with itself`,
          'Use the router\'s address.'));
      }
      if (bgp.speakers.length > 0 && !speakerFamilies.has(peer.family)) {
        out.push(error(`${path}.address`, `the address of peer "${peer.name}" is IPv${peer.family}, but no node speaking BGP has an IPv${peer.family} address, `
          + 'so no session can come up', peer.family === 6
          ? 'Peer with the router\'s IPv4 address, or make the cluster dual-stack (IPv6 node addresses).'
          : 'Peer with the router\'s IPv6 address, or give the nodes IPv4 addresses.'));
      }
    }
    for (const { pool, first, last, family } of peer.inPools) {
      out.push(error(`${path}.address`,
        `peer address ${peer.address} is inside pool "${pool.name}" (${formatRange({ family, first, last })}), `
        + 'so LB-IPAM could hand the router\'s address to a Service',
        'Fix the peer address or move the pool off the router\'s address.'));
    }
    if (peer.peerConfig) continue;
    if (peer.spec.peerConfig === undefined) {
      out.push(error(`${path}.peerConfig`, `peer "${peer.name}" names no peer config and there are ${bgp.peerConfigs.length} to choose from`,
        `Set peerConfig to one of: ${configNames.join(', ')}.`));
    } else {
      out.push(error(`${path}.peerConfig`, `peer config "${peer.spec.peerConfig}" does not exist`, `Use one of: ${configNames.join(', ')}.`));
    }
  }
  return out;
}

export function checkBgpPeers(cluster: ResolvedCluster): Diagnostic[] {
  return cluster.bgp ? [...peerConfigDiagnostics(cluster.bgp), ...peerDiagnostics(cluster.bgp, cluster.nodes)] : [];
}
