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
 * Addresses Cilium LB-IPAM hands out from a block. Since Cilium 1.16 the first and last address
 * of a `cidr` block are allocatable unless `allowFirstLastIPs: "No"`, which reserves them only for
 * blocks of 4+ addresses; start/stop ranges are never trimmed.
 */
export function usableAddresses(block: PoolBlockSpec, range: IpRange | undefined, allowFirstLastIPs: boolean): bigint {
  if (!range) return 0n;
  const size = rangeSize(range);
  if (block.cidr !== undefined && !allowFirstLastIPs && size >= 4n) return size - 2n;
  return size;
}
