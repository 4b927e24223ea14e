/** Address sets as sorted, disjoint ranges of one family: what a pool hands out, what it gained or lost. */
import { formatRange, IpFamily, IpRange, rangeSize } from '../model/ip.js';
import { handedOutRange } from '../model/resolve/blocks.js';
import type { ResolvedPool } from '../model/resolved.js';

/** Sorted, merged ranges. */
export function normalize(ranges: readonly IpRange[]): IpRange[] {
  const sorted = [...ranges].sort((a, b) => a.family - b.family || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: IpRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && last.family === r.family && r.first <= last.last + 1n) {
      if (r.last > last.last) out[out.length - 1] = { ...last, last: r.last };
    } else {
      out.push({ ...r });
    }
  }
  return out;
}

/** The addresses of `a` that are not in `b`. */
export function subtract(a: readonly IpRange[], b: readonly IpRange[]): IpRange[] {
  const minus = normalize(b);
  const out: IpRange[] = [];
  for (const r of normalize(a)) {
    let pieces: IpRange[] = [r];
    for (const m of minus.filter((x) => x.family === r.family)) {
      pieces = pieces.flatMap((p) => {
        if (m.last < p.first || m.first > p.last) return [p];
        return [
          ...(m.first > p.first ? [{ family: p.family, first: p.first, last: m.first - 1n }] : []),
          ...(m.last < p.last ? [{ family: p.family, first: m.last + 1n, last: p.last }] : []),
        ];
      });
    }
    out.push(...pieces);
  }
  return out;
}

/** The addresses in both. */
export function intersect(a: readonly IpRange[], b: readonly IpRange[]): IpRange[] {
  return subtract(a, subtract(a, b));
}

export function size(ranges: readonly IpRange[]): bigint {
  return ranges.reduce((sum, r) => sum + rangeSize(r), 0n);
}

export function contains(ranges: readonly IpRange[], family: IpFamily, value: bigint): boolean {
  return ranges.some((r) => r.family === family && r.first <= value && value <= r.last);
}

export function formatRanges(ranges: readonly IpRange[]): string {
  return ranges.map(formatRange).join(', ');
}

/** The addresses a pool hands out: its blocks, less the first and last of cidr blocks it withholds. */
export function usableRanges(pool: ResolvedPool): IpRange[] {
  return normalize(pool.blocks.flatMap((b) => (b.range ? [handedOutRange(b, b.range, pool.allowFirstLastIPs)] : [])));
}
