/**
 * Check 1: every CIDR parses and has no host bits set. Cilium and k3s silently mask a CIDR such
 * as 192.168.1.100/28 to 192.168.1.96/28, so the addresses the author meant are not the ones used.
 */
import type { Diagnostic } from '../diagnostics.js';
import { fieldPath } from '../diagnostics.js';
import { formatIp, IpRange, parseCidr, ParsedCidr, rangeSize } from '../ip.js';
import { commaList, ResolvedCluster } from '../resolved-cluster.js';

/** k3s takes comma-separated CIDR lists (one per family) for cluster-cidr and service-cidr. */

/** `.96–.111` when both ends share the first three IPv4 octets, else the full range. */
export function shortRange(r: IpRange): string {
  const first = formatIp(r.family, r.first);
  const last = formatIp(r.family, r.last);
  if (r.family === 4 && r.first >> 8n === r.last >> 8n) return `.${r.first & 255n}–.${r.last & 255n}`;
  return `${first}–${last}`;
}

function hostBits(path: string, text: string, cidr: ParsedCidr, fix: string): Diagnostic {
  return { severity: 'error', path, message: `${text} has host bits set; the block is ${cidr.canonical} (${shortRange(cidr)})`, fix };
}

function notACidr(path: string, text: unknown): Diagnostic {
  return {
    severity: 'error', path, message: `${JSON.stringify(text)} is not a CIDR`,
    fix: 'Write an IPv4 or IPv6 network with its prefix length, e.g. 192.168.1.96/28 or fd00:1::/120.',
  };
}

/** Diagnostics for a CIDR field that must be canonical; `rangeFix` explains the start/stop alternative. */
function checkCidr(path: string, text: string, rangeFix?: (cidr: ParsedCidr, ip: string) => string): Diagnostic[] {
  const cidr = parseCidr(text);
  if (!cidr) return [notACidr(path, text)];
  if (cidr.isCanonical) return [];
  const ip = text.split('/')[0];
  return [hostBits(path, text, cidr, rangeFix ? rangeFix(cidr, ip) : `Write ${cidr.canonical}.`)];
}

/** For blocks: the start/stop range of the same size from the written address, if that was meant. */
function poolRangeFix(cidr: ParsedCidr, ip: string): string {
  const start = parseCidr(`${ip}/${cidr.family === 4 ? 32 : 128}`)!.first;
  const max = cidr.family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
  const stop = start + rangeSize(cidr) - 1n > max ? max : start + rangeSize(cidr) - 1n;
  return `Write cidr: ${cidr.canonical} for that block, or start: ${ip} and stop: ${formatIp(cidr.family, stop)} if ${rangeSize(cidr)} addresses from ${ip} were meant.`;
}

export function validateCanonicalCidrs(cluster: ResolvedCluster): Diagnostic[] {
  const spec = cluster.spec;
  const out: Diagnostic[] = [];
  for (const field of ['clusterCidr', 'serviceCidr'] as const) {
    const text = spec.k3s?.[field];
    if (text === undefined) continue;
    for (const cidr of commaList(text)) out.push(...checkCidr(fieldPath('k3s', field), cidr));
  }
  if (spec.cilium?.ipv4NativeRoutingCIDR !== undefined) out.push(...checkCidr('cilium.ipv4NativeRoutingCIDR', spec.cilium.ipv4NativeRoutingCIDR));
  (spec.nodes ?? []).forEach((node, i) => {
    // A node address carries the host on purpose (192.168.1.10/24): only its syntax is checked.
    for (const address of commaList(String(node.address))) {
      if (parseCidr(address)) continue;
      out.push({
        severity: 'error', path: fieldPath('nodes', i, 'address'), message: `${JSON.stringify(address)} is not an address with a prefix length`,
        fix: 'Write the node IP with the prefix length of its L2 subnet, e.g. 192.168.1.10/24 (dual-stack: 192.168.1.10/24,fd00:1::10/64): the checks use the subnet to know which addresses ARP/NDP reaches.',
      });
    }
  });
  (spec.loadBalancer?.pools ?? []).forEach((pool, i) => (pool.blocks ?? []).forEach((block, j) => {
    if (block.cidr !== undefined) out.push(...checkCidr(fieldPath('loadBalancer', 'pools', i, 'blocks', j, 'cidr'), block.cidr, poolRangeFix));
  }));
  (spec.loadBalancer?.reserved ?? []).forEach((r, i) => {
    if (r.cidr !== undefined) out.push(...checkCidr(fieldPath('loadBalancer', 'reserved', i, 'cidr'), r.cidr, poolRangeFix));
  });
  return out;
}
