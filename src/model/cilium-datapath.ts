/**
 * Upstream facts about Cilium's datapath options that the checks and PLAN.md share.
 */

/**
 * The Maglev table sizes Cilium accepts (`maglev.tableSize`, agent `--bpf-lb-maglev-table-size`):
 * primes, listed in Documentation/network/kubernetes/kubeproxy-free.rst (1.18–1.20; ../shared/cilium/1.20.0/docs).
 */
export const MAGLEV_TABLE_SIZES: readonly number[] = [251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071];

/** Kernel floors of datapath features, with where they come from (PLAN.md's checklist shows them with `uname -r`). */
export const KERNEL_FLOORS = {
  netkit: { version: '6.8', source: 'Documentation/operations/performance/tuning.rst, "netkit device mode"' },
  bigTcpIpv6: { version: '5.19', source: 'Documentation/operations/performance/tuning.rst, "IPv6 BIG TCP"' },
  bigTcpIpv4: { version: '6.3', source: 'Documentation/operations/performance/tuning.rst, "IPv4 BIG TCP"' },
  bbr: { version: '5.18', source: 'Documentation/network/kubernetes/bandwidth-manager.rst, "BBR for Pods"' },
  bandwidthManager: { version: '5.1', source: 'Documentation/network/kubernetes/bandwidth-manager.rst' },
} as const;
