/**
 * Check 2: each pool block (and reserved range) is a `cidr`, or a `start` with an optional `stop`,
 * of one family and not empty. Cilium's operator takes `cidr` and drops `start`/`stop` when both
 * are set, and rejects a reversed range only in the pool's status, after it is applied.
 */
import type { PoolBlockSpec } from '../cluster-spec.js';
import type { Diagnostic } from '../diagnostics.js';
import { fieldPath } from '../diagnostics.js';
import { parseIp } from '../ip.js';
import type { ResolvedCluster } from '../resolved-cluster.js';

function blockShape(path: string, block: PoolBlockSpec): Diagnostic[] {
  const err = (at: string, message: string, fix: string): Diagnostic => ({ severity: 'error', path: at ? `${path}.${at}` : path, message, fix });
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
  if (!start) out.push(err('start', `${JSON.stringify(block.start)} is not an IP address`, 'Write one IPv4 or IPv6 address, without a prefix length.'));
  if (block.stop !== undefined && !stop) out.push(err('stop', `${JSON.stringify(block.stop)} is not an IP address`, 'Write one IPv4 or IPv6 address, without a prefix length.'));
  if (!start || !stop) return out;
  if (start.family !== stop.family) {
    return [err('stop', `start ${block.start} is IPv${start.family} but stop ${block.stop} is IPv${stop.family}`, 'A range is of one family: use a separate block for each family.')];
  }
  if (start.value > stop.value) {
    return [err('stop', `stop ${block.stop} comes before start ${block.start}, so the range is empty`, `Swap them: start: ${block.stop}, stop: ${block.start}.`)];
  }
  return [];
}

export function validatePoolBlocks(cluster: ResolvedCluster): Diagnostic[] {
  const lb = cluster.spec.loadBalancer ?? {};
  const out: Diagnostic[] = [];
  (lb.pools ?? []).forEach((pool, i) => {
    if ((pool.blocks ?? []).length === 0) {
      out.push({ severity: 'error', path: fieldPath('loadBalancer', 'pools', i, 'blocks'), message: `pool "${pool.name}" has no blocks`, fix: 'Give it at least one cidr or start/stop block.' });
    }
    (pool.blocks ?? []).forEach((block, j) => out.push(...blockShape(fieldPath('loadBalancer', 'pools', i, 'blocks', j), block)));
  });
  (lb.reserved ?? []).forEach((r, i) => out.push(...blockShape(fieldPath('loadBalancer', 'reserved', i), r)));
  return out;
}
