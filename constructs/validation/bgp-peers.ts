import type { Diagnostic } from '../diagnostics.js';
import { formatRange, parseIp } from '../ip.js';
import type { ResolvedCluster } from '../resolved-cluster.js';
import { poolBlockIndex } from './range-index.js';

function duplicates(names: string[]): Set<string> {
  return new Set(names.filter((n, i) => names.indexOf(n) !== i));
}

/**
 * Peers and peer configs: unique names, addresses that are IPs outside every pool, each peer
 * tied to exactly one peer config, no peer config left unreferenced, and keepalive ≤ hold time
 * (the CRD's CEL rule, with its defaults).
 */
export function validateBgpPeers(cluster: ResolvedCluster): Diagnostic[] {
  const bgp = cluster.bgp;
  if (!bgp) return [];
  const out: Diagnostic[] = [];
  const configNames = bgp.peerConfigs.map((c) => c.name);
  const dupConfigs = duplicates(configNames);
  // A peer with a wrong reference is reported once, not again as an unused peer config.
  const allPeersResolved = bgp.peers.every((p) => p.peerConfig);
  bgp.peerConfigs.forEach((config, i) => {
    if (dupConfigs.has(config.name) && configNames.indexOf(config.name) !== i) {
      out.push({ severity: 'error', path: `loadBalancer.bgp.peerConfigs[${i}].name`, message: `peer config "${config.name}" is defined twice`, fix: 'Give each peer config its own name.' });
    }
    if (config.keepAliveTimeSeconds > config.holdTimeSeconds) {
      const given = config.spec.timers?.holdTimeSeconds === undefined ? ' (the default)' : '';
      out.push({
        severity: 'error', path: `loadBalancer.bgp.peerConfigs[${i}].timers.keepAliveTimeSeconds`,
        message: `keepalive time ${config.keepAliveTimeSeconds} s is longer than the hold time ${config.holdTimeSeconds} s${given}, so the session would expire between keepalives (the CRD rejects keepAliveTimeSeconds > holdTimeSeconds)`,
        fix: 'Use a keepalive of at most a third of the hold time, e.g. holdTimeSeconds: 9 with keepAliveTimeSeconds: 3.',
      });
    }
    if (allPeersResolved && !dupConfigs.has(config.name) && !bgp.peers.some((p) => p.peerConfig === config)) {
      out.push({
        severity: 'error', path: `loadBalancer.bgp.peerConfigs[${i}]`,
        message: `peer config "${config.name}" is not used by any peer`,
        fix: 'Set it as `peerConfig` of a peer, or remove it.',
      });
    }
  });
  const dupPeers = duplicates(bgp.peers.map((p) => p.name));
  bgp.peers.forEach((peer, i) => {
    const path = `loadBalancer.bgp.peers[${i}]`;
    if (dupPeers.has(peer.name) && bgp.peers.findIndex((p) => p.name === peer.name) !== i) {
      out.push({ severity: 'error', path: `${path}.name`, message: `peer "${peer.name}" is defined twice`, fix: 'Give each peer its own name.' });
    }
    const ip = parseIp(peer.address);
    if (!ip) {
      out.push({ severity: 'error', path: `${path}.address`, message: `"${peer.address}" is not an IP address`, fix: 'Use the router\'s IPv4 or IPv6 address, without prefix length.' });
    } else {
      // The first block of each pool holding the address, in pool order.
      const hits = poolBlockIndex(cluster).containing(ip.family, ip.value).filter((b, k, all) => k === 0 || all[k - 1].pool !== b.pool);
      for (const { pool, first, last, family } of hits) {
        out.push({
          severity: 'error', path: `${path}.address`,
          message: `peer address ${peer.address} is inside pool "${pool.name}" (${formatRange({ family, first, last })}), so LB-IPAM could hand the router's address to a Service`,
          fix: 'Fix the peer address or move the pool off the router\'s address.',
        });
      }
    }
    if (peer.peerConfig) return;
    if (peer.spec.peerConfig === undefined) {
      out.push({
        severity: 'error', path: `${path}.peerConfig`,
        message: `peer "${peer.name}" names no peer config and there are ${bgp.peerConfigs.length} to choose from`,
        fix: `Set peerConfig to one of: ${configNames.join(', ')}.`,
      });
    } else {
      out.push({
        severity: 'error', path: `${path}.peerConfig`,
        message: `peer config "${peer.spec.peerConfig}" does not exist`,
        fix: `Use one of: ${configNames.join(', ')}.`,
      });
    }
  });
  return out;
}
