/** Address blocks (pool blocks and reserved ranges) and k3s-style comma lists. */
import type { PoolBlockSpec } from '../cluster-spec.js';
import { IpRange, parseCidr, parseIp, rangeSize } from '../ip.js';

/** The entries of a k3s-style comma-separated value (`v4,v6`). */
export function commaList(text: string | undefined): string[] {
  return text === undefined ? [] : String(text).split(',').map((s) => s.trim());
}

/** The range a pool block (or reserved range) covers, or undefined when malformed. */
export function blockRange(block: { cidr?: string; start?: string; stop?: string }): IpRange | undefined {
  if (block.cidr !== undefined) {
    const c = parseCidr(block.cidr);
    return c && { family: c.family, first: c.first, last: c.last };
  }
  if (block.start === undefined) return undefined;
  const start = parseIp(block.start);
  const stop = block.stop === undefined ? start : parseIp(block.stop);
  if (!start || !stop || start.family !== stop.family || start.value > stop.value) return undefined;
  return { family: start.family, first: start.value, last: stop.value };
}

/**
 * The addresses Cilium LB-IPAM hands out from a block: the one rule the resolver's counts, the
 * checks (subnet edges, pinned IPs) and the review's address sets all use. Since Cilium 1.16 the
 * first and last address of a `cidr` block are allocatable unless `allowFirstLastIPs: "No"`, which
 * reserves them only for blocks of 4+ addresses; start/stop ranges are never trimmed
 * (pkg/ipam/allocator in cilium/cilium, the LB-IPAM docs' "allowFirstLastIPs").
 */
export function handedOutRange(block: Pick<PoolBlockSpec, 'cidr'>, range: IpRange, allowFirstLastIPs: boolean): IpRange {
  const withheld = block.cidr !== undefined && !allowFirstLastIPs && rangeSize(range) >= 4n;
  return withheld ? { family: range.family, first: range.first + 1n, last: range.last - 1n } : range;
}

/** How many addresses {@link handedOutRange} hands out (0 for a block that does not parse). */
export function usableAddresses(block: PoolBlockSpec, range: IpRange | undefined, allowFirstLastIPs: boolean): bigint {
  return range ? rangeSize(handedOutRange(block, range, allowFirstLastIPs)) : 0n;
}
