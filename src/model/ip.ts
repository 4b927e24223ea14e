/**
 * IP arithmetic on top of ip-address: addresses become (family, bigint) so ranges of
 * either family compare, sort and count the same way. Parsed texts are memoized: a large cluster
 * file parses thousands of addresses, several checks parse the same ones, and the libraries'
 * parsing dominated a 1,000-pool validation.
 */
import { Address6 } from 'ip-address';

export type IpFamily = 4 | 6;

/** An inclusive address range of one family. */
export interface IpRange {
  family: IpFamily;
  first: bigint;
  last: bigint;
}

/** A parsed CIDR: the range it covers and whether the text was already canonical. */
export interface ParsedCidr extends IpRange {
  prefix: number;
  /** The network in canonical form, e.g. 192.168.1.96/28. */
  canonical: string;
  /** True when the text had no host bits set. */
  isCanonical: boolean;
}

const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** Entries per generation of a memo: more than the distinct addresses of a 30× scale cluster file. */
const MEMO_GENERATION = 250_000;

/**
 * Memoizes a parser of texts; results are frozen because callers share them. Two generations:
 * when the young one is full it becomes the old one and the oldest is dropped, so a long-lived
 * process stays bounded and a working set larger than one generation does not thrash (a hit in
 * the old generation moves the entry back to the young one). Exported with its generation size
 * for test/model/ip.test.ts, which fills generations of two entries.
 */
export function memoized<T extends object>(parse: (text: string) => T | undefined, generation = MEMO_GENERATION): (text: string) => T | undefined {
  let young = new Map<string, T | undefined>();
  let old = new Map<string, T | undefined>();
  const remember = (text: string, parsed: T | undefined) => {
    if (young.size >= generation) {
      old = young;
      young = new Map();
    }
    young.set(text, parsed);
  };
  return (text) => {
    if (typeof text !== 'string') return undefined;
    if (young.has(text)) return young.get(text);
    if (old.has(text)) {
      const parsed = old.get(text);
      remember(text, parsed);
      return parsed;
    }
    const parsed = parse(text);
    // Stryker disable next-line ConditionalExpression: Object.freeze(undefined) returns undefined without throwing, so freezing always is the same
    if (parsed) Object.freeze(parsed);
    remember(text, parsed);
    return parsed;
  };
}

/** Parses a bare IPv4 or IPv6 address (no prefix, no zone); undefined when it is not one. */
export const parseIp: (text: string) => { readonly family: IpFamily; readonly value: bigint } | undefined = memoized((text: string) => {
  if (IPV4.test(text)) return { family: 4 as const, value: BigInt(ipv4Number(text)) };
  // A colon-less text is refused here only to skip ip-address's parse: ip-address refuses it too (one group is too few).
  // Stryker disable next-line StringLiteral: equivalent for that reason (test/model/ip.test.ts compares every text with ip-address)
  if (!text.includes(':')) return undefined;
  // ip-address accepts a prefix and a zone, which an address here may not carry.
  if (text.includes('/') || text.includes('%')) return undefined;
  if (!Address6.isValid(text)) return undefined;
  return { family: 6 as const, value: new Address6(text).bigInt() };
});

/** Parses `address/prefix`; undefined when it is not a CIDR of either family. */
export const parseCidr: (text: string) => Readonly<ParsedCidr> | undefined = memoized((text: string) => {
  const m = text.match(/^([^/]+)\/([0-9]{1,3})$/);
  if (!m) return undefined;
  const ip = parseIp(m[1]);
  if (!ip) return undefined;
  const prefix = Number(m[2]);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const first = ip.value & ~hostMask;
  const last = first | hostMask;
  const canonical = `${formatIp(ip.family, first)}/${prefix}`;
  return { family: ip.family, first, last, prefix, canonical, isCanonical: first === ip.value };
});

/** The text form of an address, compressed for IPv6. */
export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 6) return Address6.fromBigInt(value).correctForm();
  const n = Number(value);
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/**
 * A dotted-quad IPv4 address (already matched by IPV4) as a number. Written out rather than
 * through ip-address, whose parsing and bigint conversion dominated resolving a 500-node cluster.
 */
function ipv4Number(text: string): number {
  let n = 0;
  for (const octet of text.split('.')) n = n * 256 + Number(octet);
  return n;
}

/** Number of addresses in a range. */
export function rangeSize(r: IpRange): bigint {
  return r.last - r.first + 1n;
}

/** `first–last` for messages and plans. */
export function formatRange(r: IpRange): string {
  return r.first === r.last ? formatIp(r.family, r.first) : `${formatIp(r.family, r.first)}–${formatIp(r.family, r.last)}`;
}

/** Whether two ranges share at least one address. */
export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** Whether `inner` lies entirely inside `outer`. */
export function rangeContains(outer: IpRange, inner: IpRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** `.96–.111` when both ends share the first three IPv4 octets, else the full range. */
export function shortRange(r: IpRange): string {
  const first = formatIp(r.family, r.first);
  const last = formatIp(r.family, r.last);
  if (r.family === 4 && r.first >> 8n === r.last >> 8n) return `.${r.first & 255n}–.${r.last & 255n}`;
  return `${first}–${last}`;
}
