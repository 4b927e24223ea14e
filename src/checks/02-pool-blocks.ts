/**
 * Check 2: each pool block (and reserved range) is a `cidr`, or a `start` with an optional `stop`,
 * of one family and not empty. Cilium's operator takes `cidr` and drops `start`/`stop` when both
 * are set, and rejects a reversed range only in the pool's status, after it is applied.
 */
import { at, Diagnostic } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { blockShapeDiagnostics, noBlocksDiagnostic } from './fields.js';

export function checkPoolBlocks(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const pool of cluster.pools) {
    if (pool.blocks.length === 0) out.push(noBlocksDiagnostic(at('loadBalancer', 'pools', pool.index, 'blocks'), pool.name));
    for (const block of pool.blocks) out.push(...blockShapeDiagnostics(at('loadBalancer', 'pools', pool.index, 'blocks', block.index), block.spec));
  }
  for (const r of cluster.reserved) out.push(...blockShapeDiagnostics(at('loadBalancer', 'reserved', r.index), r.spec));
  return out;
}
