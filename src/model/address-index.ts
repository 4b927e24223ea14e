/**
 * Which pool blocks contain an address, in O(log n + hits): blocks sorted by first address with a
 * running maximum of last addresses, so a lookup stops as soon as no earlier block can reach it.
 */
import type { IpFamily } from './ip.js';

/** What the index needs of a pool: its blocks' ranges. */
interface IndexedPoolSource {
  readonly blocks: readonly { readonly range?: { family: IpFamily; first: bigint; last: bigint } }[];
}

/** A pool block with where it is in the cluster file. */
export interface IndexedBlock<P extends IndexedPoolSource = IndexedPoolSource> {
  pool: P;
  poolIndex: number;
  blockIndex: number;
  family: IpFamily;
  first: bigint;
  last: bigint;
}

export class PoolBlockIndex<P extends IndexedPoolSource = IndexedPoolSource> {
  private readonly blocks: IndexedBlock<P>[];
  private readonly maxLast: bigint[];

  constructor(pools: readonly P[]) {
    this.blocks = pools.flatMap((pool, poolIndex) => pool.blocks.flatMap((b, blockIndex) =>
      (b.range ? [{ pool, poolIndex, blockIndex, ...b.range }] : [])));
    // By family, then first address (the difference of two bigints as a number keeps its sign; it is never NaN). Blocks with
    // the same first address may come in either order: containing() sorts its hits by file position.
    this.blocks.sort((a, b) => a.family - b.family || Number(a.first - b.first));
    // The running maximum is a bound that stops the scan in containing(): one too large (carried over from the other
    // family, or by >= for >) only makes the scan look at more blocks, each still tested by its own last address. The
    // results cannot tell (the brute-force oracle of test/model/ranges.test.ts); only the time could.
    let max = -1n;
    let family: IpFamily | undefined;
    this.maxLast = this.blocks.map((b) => {
      // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: a bound carried over from IPv4 only widens the scan (above)
      if (b.family !== family) { family = b.family; max = -1n; }
      // Stryker disable next-line EqualityOperator: >= keeps the same maximum
      max = b.last > max ? b.last : max;
      return max;
    });
  }

  /** Blocks containing the address, in file order. */
  containing(family: IpFamily, value: bigint): IndexedBlock<P>[] {
    // Last block (of this family) whose first address is <= value.
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const b = this.blocks[mid];
      if (b.family < family || (b.family === family && b.first <= value)) lo = mid + 1; else hi = mid;
    }
    const hits: IndexedBlock<P>[] = [];
    // Stryker disable next-line ConditionalExpression: without the bound the scan reads every earlier block of the family, with the same hits (above)
    for (let i = lo - 1; i >= 0 && this.blocks[i].family === family && this.maxLast[i] >= value; i--) {
      if (this.blocks[i].last >= value) hits.push(this.blocks[i]);
    }
    return hits.sort((a, b) => a.poolIndex - b.poolIndex || a.blockIndex - b.blockIndex);
  }
}
