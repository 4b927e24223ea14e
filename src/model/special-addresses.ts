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

/** The blocks as [CIDR, kind, what], parsed on first use (see specialBlocks). */
const SPECIAL: readonly (readonly [string, SpecialBlock['kind'], string])[] = [
  ['0.0.0.0/8', 'unspecified', '"this network"'],
  ['127.0.0.0/8', 'loopback', 'loopback'],
  ['169.254.0.0/16', 'link-local', 'link-local'],
  ['224.0.0.0/4', 'multicast', 'multicast'],
  ['240.0.0.0/4', 'reserved', 'reserved and limited-broadcast'],
  ['::/128', 'unspecified', 'the unspecified address'],
  ['::1/128', 'loopback', 'loopback'],
  ['fe80::/10', 'link-local', 'link-local'],
  ['ff00::/8', 'multicast', 'multicast'],
];

let blocks: readonly SpecialBlock[] | undefined;

/**
 * The special-purpose blocks, parsed on first use rather than at import: a module that runs the IP
 * parser when it is imported makes every mutant of ip.ts a static one to StrykerJS (tested against
 * every test, about 30 s each), and importing the model need not parse anything.
 */
export function specialBlocks(): readonly SpecialBlock[] {
  blocks ??= SPECIAL.map(([cidr, kind, what]) => {
    const c = parseCidr(cidr)!;
    return { family: c.family, first: c.first, last: c.last, kind, name: `${what} (${cidr})` };
  });
  return blocks;
}

/** The first special-purpose block a range overlaps, among `kinds`. */
export function specialBlock(range: IpRange, kinds: readonly SpecialBlock['kind'][] = ['unspecified', 'loopback', 'link-local', 'multicast', 'reserved']):
  SpecialBlock | undefined {
  return specialBlocks().find((b) => kinds.includes(b.kind) && rangesOverlap(b, range));
}
