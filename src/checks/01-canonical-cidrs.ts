/**
 * Check 1: every CIDR parses and has no host bits set. Cilium and k3s silently mask a CIDR such
 * as 192.168.1.100/28 to 192.168.1.96/28, so the addresses the author meant are not the ones used.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { formatIp, parseCidr, ParsedCidr, rangeSize, shortRange } from '../model/ip.js';
import { commaList } from '../model/resolve/blocks.js';
import type { ResolvedCluster } from '../model/resolved.js';

function notACidr(path: string, text: unknown): Diagnostic {
  return error(path, `${JSON.stringify(text)} is not a CIDR`, 'Write an IPv4 or IPv6 network with its prefix length, e.g. 192.168.1.96/28 or fd00:1::/120.');
}

/** Diagnostics for a CIDR field that must be canonical; `rangeFix` explains the start/stop alternative. */
function checkCidr(path: string, text: string, rangeFix?: (cidr: ParsedCidr, ip: string) => string): Diagnostic[] {
  const cidr = parseCidr(text);
  if (!cidr) return [notACidr(path, text)];
  if (cidr.isCanonical) return [];
  const ip = text.split('/')[0];
  return [error(path, `${text} has host bits set; the block is ${cidr.canonical} (${shortRange(cidr)})`,
    rangeFix ? rangeFix(cidr, ip) : `Write ${cidr.canonical}.`)];
}

/** For blocks: the start/stop range of the same size from the written address, if that was meant. */
function poolRangeFix(cidr: ParsedCidr, ip: string): string {
  const start = parseCidr(`${ip}/${cidr.family === 4 ? 32 : 128}`)!.first;
  const max = cidr.family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
  const stop = start + rangeSize(cidr) - 1n > max ? max : start + rangeSize(cidr) - 1n;
  return `Write cidr: ${cidr.canonical} for that block, or start: ${ip} and stop: ${formatIp(cidr.family, stop)} `
    + `if ${rangeSize(cidr)} addresses from ${ip} were meant.`;
}

/** The findings of one pool block's (or reserved range's) `cidr`: a CIDR without host bits. */
export function blockCidrDiagnostics(path: string, cidr: string): Diagnostic[] {
  return checkCidr(path, cidr, poolRangeFix);
}

export function checkCanonicalCidrs(cluster: ResolvedCluster): Diagnostic[] {
  const spec = cluster.spec;
  const out: Diagnostic[] = [];
  for (const field of ['clusterCidr', 'serviceCidr'] as const) {
    const text = spec.k3s?.[field];
    if (text === undefined) continue;
    for (const cidr of commaList(text)) out.push(...checkCidr(at('k3s', field), cidr));
  }
  if (spec.cilium?.ipv4NativeRoutingCIDR !== undefined) out.push(...checkCidr(at('cilium', 'ipv4NativeRoutingCIDR'), spec.cilium.ipv4NativeRoutingCIDR));
  for (const node of cluster.nodes) {
    // A node address carries the host on purpose (192.168.1.10/24): only its syntax is checked.
    for (const address of commaList(String(node.spec.address))) {
      if (parseCidr(address)) continue;
      out.push(error(at('nodes', node.index, 'address'), `${JSON.stringify(address)} is not an address with a prefix length`,
        'Write the node IP with the prefix length of its L2 subnet, e.g. 192.168.1.10/24 (dual-stack: 192.168.1.10/24,fd00:1::10/64): '
        + 'the checks use the subnet to know which addresses ARP/NDP reaches.'));
    }
  }
  for (const pool of cluster.pools) {
    for (const block of pool.blocks) {
      if (block.cidr !== undefined) out.push(...blockCidrDiagnostics(at('loadBalancer', 'pools', pool.index, 'blocks', block.index, 'cidr'), block.cidr));
    }
  }
  for (const r of cluster.reserved) {
    if (r.spec.cidr !== undefined) out.push(...blockCidrDiagnostics(at('loadBalancer', 'reserved', r.index, 'cidr'), r.spec.cidr));
  }
  return out;
}
