/**
 * Special-purpose address blocks (IANA registries, RFC 6890) that can be no node's, no Service's and
 * no router's address: the kubelet refuses a node IP that is unspecified, loopback, link-local or
 * multicast (`validateNodeIP`), ARP/NDP never resolve multicast or broadcast addresses, and Linux
 * routes the loopback and "this network" blocks to itself.
 */
import { IpRange, parseCidr, rangesOverlap } from './ip.js';

export interface SpecialBlock extends IpRange {
  /** What the block is, e.g. `loopback (127.0.0.0/8)`. */
  readonly name: string;
  readonly kind: 'unspecified' | 'loopback' | 'link-local' | 'multicast' | 'reserved';
}

const block = (cidr: string, kind: SpecialBlock['kind'], what: string): SpecialBlock => {
  const c = parseCidr(cidr)!;
  return { family: c.family, first: c.first, last: c.last, kind, name: `${what} (${cidr})` };
};

export const SPECIAL_BLOCKS: readonly SpecialBlock[] = [
  block('0.0.0.0/8', 'unspecified', '"this network"'),
  block('127.0.0.0/8', 'loopback', 'loopback'),
  block('169.254.0.0/16', 'link-local', 'link-local'),
  block('224.0.0.0/4', 'multicast', 'multicast'),
  block('240.0.0.0/4', 'reserved', 'reserved and limited-broadcast'),
  block('::/128', 'unspecified', 'the unspecified address'),
  block('::1/128', 'loopback', 'loopback'),
  block('fe80::/10', 'link-local', 'link-local'),
  block('ff00::/8', 'multicast', 'multicast'),
];

/** The first special-purpose block a range overlaps, among `kinds`. */
export function specialBlock(range: IpRange, kinds: readonly SpecialBlock['kind'][] = ['unspecified', 'loopback', 'link-local', 'multicast', 'reserved']):
  SpecialBlock | undefined {
  return SPECIAL_BLOCKS.find((b) => kinds.includes(b.kind) && rangesOverlap(b, range));
}
