/**
 * Check 2: each pool block (and reserved range) is a `cidr`, or a `start` with an optional `stop`,
 * of one family and not empty. Cilium's operator takes `cidr` and drops `start`/`stop` when both
 * are set, and rejects a reversed range only in the pool's status, after it is applied.
 */
import type { PoolBlockSpec } from '../model/cluster-spec.js';
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { parseIp } from '../model/ip.js';
import type { ResolvedCluster } from '../model/resolved.js';

const ONE_ADDRESS = 'Write one IPv4 or IPv6 address, without a prefix length.';

/** The findings of one block (`path` is the block's own path). */
export function blockShapeDiagnostics(path: string, block: PoolBlockSpec): Diagnostic[] {
  const err = (field: 'start' | 'stop' | '', message: string, fix: string) => error(field ? `${path}.${field}` : path, message, fix);
  if (block.cidr !== undefined && (block.start !== undefined || block.stop !== undefined)) {
    return [err('', 'has both cidr and start/stop', 'A block is either a cidr, or a start with an optional stop: split it into two blocks or drop one.')];
  }
  if (block.cidr !== undefined) return [];
  if (block.start === undefined) {
    return [err('', block.stop === undefined ? 'has neither cidr nor start' : 'has a stop but no start',
      'Write cidr: <network>/<prefix>, or start: <first address> with an optional stop: <last address>.')];
  }
  const start = parseIp(block.start);
  const stop = block.stop === undefined ? start : parseIp(block.stop);
  const out: Diagnostic[] = [];
  if (!start) out.push(err('start', `${JSON.stringify(block.start)} is not an IP address`, ONE_ADDRESS));
  if (block.stop !== undefined && !stop) out.push(err('stop', `${JSON.stringify(block.stop)} is not an IP address`, ONE_ADDRESS));
  if (!start || !stop) return out;
  if (start.family !== stop.family) {
    return [err('stop', `start ${block.start} is IPv${start.family} but stop ${block.stop} is IPv${stop.family}`,
      'A range is of one family: use a separate block for each family.')];
  }
  if (start.value > stop.value) {
    return [err('stop', `stop ${block.stop} comes before start ${block.start}, so the range is empty`,
      `Swap them: start: ${block.stop}, stop: ${block.start}.`)];
  }
  return [];
}

/** The finding of a pool without blocks (`path` is its `blocks`). */
export function noBlocksDiagnostic(path: string, poolName: string): Diagnostic {
  return error(path, `pool "${poolName}" has no blocks`, 'Give it at least one cidr or start/stop block.');
}

export function checkPoolBlocks(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const pool of cluster.pools) {
    if (pool.blocks.length === 0) out.push(noBlocksDiagnostic(at('loadBalancer', 'pools', pool.index, 'blocks'), pool.name));
    for (const block of pool.blocks) out.push(...blockShapeDiagnostics(at('loadBalancer', 'pools', pool.index, 'blocks', block.index), block.spec));
  }
  for (const r of cluster.reserved) out.push(...blockShapeDiagnostics(at('loadBalancer', 'reserved', r.index), r.spec));
  return out;
}
