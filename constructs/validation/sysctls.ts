import type { Diagnostic } from '../diagnostics.js';
import type { ResolvedCluster } from '../resolved-cluster.js';

/** rp_filter 1 (strict) drops Cilium's return traffic; only 0 and 2 are valid. */
export function validateSysctls(cluster: ResolvedCluster): Diagnostic[] {
  const value = cluster.rpFilter;
  if (value === 0 || value === 2) return [];
  if (value === 1) {
    return [{
      severity: 'error',
      path: 'sysctls.rpFilter',
      message: 'rpFilter 1 (strict) drops return packets that leave by another interface than they arrived on, which Cilium\'s datapath does',
      fix: 'Use 0 (off) or 2 (loose).',
    }];
  }
  return [{ severity: 'error', path: 'sysctls.rpFilter', message: `rpFilter ${value} is not a valid rp_filter mode`, fix: 'Use 0 (off) or 2 (loose).' }];
}
