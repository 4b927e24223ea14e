/** PLAN.md's `k8sClientRateLimit` arithmetic (with its caps) and the L2 failover window. */
import { CILIUM_AGENT_DEFAULT_BURST, CILIUM_AGENT_DEFAULT_QPS, K8S_CLIENT_QPS_MAX } from '../model/defaults.js';
import { parseGoDuration } from '../model/go-duration.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { cappedList, escapeMarkdown } from '../text/markdown.js';

/** Pool names listed in a sentence before "+N more". */
const POOLS_PER_NOTE = 5;

/** The failover window of the lease timings, e.g. `10s–20s`. */
function failover(cluster: ResolvedCluster): string {
  const d = parseGoDuration(cluster.lease.duration) ?? 0;
  const r = cluster.rateLimit.renewDeadlineSeconds;
  const s = (x: number) => `${Number(x.toFixed(3))}s`;
  return `${s(d - r)}–${s(d + r)}`;
}

export function rateLimitSection(cluster: ResolvedCluster): string {
  const head = '## API rate limit (k8sClientRateLimit)';
  const defaults = `${CILIUM_AGENT_DEFAULT_QPS} QPS, burst ${CILIUM_AGENT_DEFAULT_BURST}`;
  // BGP advertises without a Lease per Service, so only L2 announcements load the API client.
  const bgpOnly = cluster.bgp ? cluster.pools.filter((p) => p.bgp && !p.l2).map((p) => p.name) : [];
  if (cluster.l2Policies.length === 0) {
    const why = bgpOnly.length ? ': the pools are advertised over BGP, which holds no Lease per Service, so' : ':';
    return `${head}\n\nNo L2 announcements${why} the agent keeps its default client rate limit (${defaults}).`;
  }
  const bgpNote = bgpOnly.length
    ? ` Pools advertised only over BGP (${escapeMarkdown(cappedList(bgpOnly, POOLS_PER_NOTE))}) hold no Lease and are not counted.`
    : '';
  const { services, servicesFromPools, poolAddresses, serviceCidrCapacity, renewDeadlineSeconds: renew, qps, burst, uncappedQps } = cluster.rateLimit;
  const raw = Math.ceil(services / renew);
  const capped = servicesFromPools && poolAddresses > BigInt(services);
  const source = !servicesFromPools ? 'cilium.l2ServiceCount'
    : capped
      ? `the usable addresses of the L2-announced pools, ${poolAddresses}, capped at the ${serviceCidrCapacity} addresses of k3s.serviceCidr `
        + `${cluster.k3s.serviceCidrs[0]}: every LoadBalancer Service takes a ClusterIP from it; set cilium.l2ServiceCount to size for fewer`
      : 'the usable addresses of the L2-announced pools; set cilium.l2ServiceCount to size for fewer';
  const qpsLine = uncappedQps === undefined
    ? `- qps = max(${CILIUM_AGENT_DEFAULT_QPS}, ceil(${services} / ${renew}s)) = max(${CILIUM_AGENT_DEFAULT_QPS}, ${raw}) = **${qps}**`
    : `- qps = min(${K8S_CLIENT_QPS_MAX}, max(${CILIUM_AGENT_DEFAULT_QPS}, ceil(${services} / ${renew}s))) `
      + `= min(${K8S_CLIENT_QPS_MAX}, ${uncappedQps}) = **${qps}**`
      + ` (capped: the chart prints 1,000,000 and more with an exponent, e.g. 1e+06, which the agent cannot parse as a flag)`;
  return [
    head,
    '',
    `Every Service announced over L2 is a Lease its holder renews within leaseRenewDeadline (${cluster.lease.renewDeadline}); Cilium's docs size`,
    `QPS = #services / leaseRenewDeadline, never below the agent defaults (${defaults}).${bgpNote}`,
    '',
    `- L2-announced Services: ${services} (${source})`,
    qpsLine,
    `- burst = max(${CILIUM_AGENT_DEFAULT_BURST}, 2 × qps) = max(${CILIUM_AGENT_DEFAULT_BURST}, ${2 * qps}) = **${burst}**`,
    `- failover after losing the holder: leaseDuration − leaseRenewDeadline … leaseDuration + leaseRenewDeadline = ${failover(cluster)}`,
  ].join('\n');
}
