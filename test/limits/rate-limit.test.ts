/**
 * The derived `k8sClientRateLimit` at its caps (README, "Derived numbers stay below the size where
 * Helm prints an exponent"): QPS capped at 499,999, the L2 Services capped at the addresses of the
 * Service CIDR, never below the agent defaults; each at the edge and one past it, in the model and in
 * PLAN.md.
 */
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CILIUM_AGENT_DEFAULT_BURST, CILIUM_AGENT_DEFAULT_QPS, K8S_CLIENT_QPS_MAX } from '../../src/model/defaults.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { loadValidText, renderLoaded } from '../helpers.js';
import { specOf } from './paths.js';

/** The homelab cluster with a /12 Service CIDR (1,048,576 addresses), a 2 s renew deadline and `l2ServiceCount`. */
function cluster(l2ServiceCount?: number, pools?: object[]) {
  const s = specOf('test/fixtures/clusters/homelab.yaml');
  s.k3s.serviceCidr = '10.96.0.0/12';
  s.loadBalancer.l2.lease = { duration: '15s', renewDeadline: '2s', retryPeriod: '1s' };
  if (l2ServiceCount !== undefined) s.cilium.l2ServiceCount = l2ServiceCount;
  if (pools) s.loadBalancer.pools = pools;
  delete s.loadBalancer.reservations;
  return s;
}
const plan = (spec: object) => renderLoaded(loadValidText('c.yaml', stringify(spec))).get('PLAN.md')!;

describe('the derived API rate limit', () => {
  it(`QPS ${K8S_CLIENT_QPS_MAX} is not capped; one more is, and PLAN.md says so`, () => {
    const at = resolveCluster(cluster(2 * K8S_CLIENT_QPS_MAX)).rateLimit;
    expect([at.qps, at.burst, at.uncappedQps]).toEqual([K8S_CLIENT_QPS_MAX, 2 * K8S_CLIENT_QPS_MAX, undefined]);
    const past = resolveCluster(cluster(2 * K8S_CLIENT_QPS_MAX + 1)).rateLimit;
    expect([past.qps, past.burst, past.uncappedQps]).toEqual([K8S_CLIENT_QPS_MAX, 2 * K8S_CLIENT_QPS_MAX, K8S_CLIENT_QPS_MAX + 1]);
    expect(plan(cluster(2 * K8S_CLIENT_QPS_MAX))).not.toContain('(capped:');
    expect(plan(cluster(2 * K8S_CLIENT_QPS_MAX + 1))).toContain(`= min(${K8S_CLIENT_QPS_MAX}, ${K8S_CLIENT_QPS_MAX + 1}) = **${K8S_CLIENT_QPS_MAX}** (capped:`);
  });

  it('never below the agent defaults: at the edge the formula and the default agree, one Service more raises it', () => {
    const at = resolveCluster(cluster(2 * CILIUM_AGENT_DEFAULT_QPS)).rateLimit;
    expect([at.qps, at.burst]).toEqual([CILIUM_AGENT_DEFAULT_QPS, CILIUM_AGENT_DEFAULT_BURST]);
    const past = resolveCluster(cluster(2 * CILIUM_AGENT_DEFAULT_QPS + 1)).rateLimit;
    expect([past.qps, past.burst]).toEqual([CILIUM_AGENT_DEFAULT_QPS + 1, 2 * (CILIUM_AGENT_DEFAULT_QPS + 1)]);
    expect(resolveCluster(cluster(0)).rateLimit.qps).toBe(CILIUM_AGENT_DEFAULT_QPS);
  });

  it('the pools\' addresses count up to the Service CIDR\'s, and are capped one address past it', () => {
    const s = (stop: string) => {
      const c = cluster(undefined, [{ name: 'big', blocks: [{ start: '192.168.1.100', stop }] }]);
      c.k3s.serviceCidr = '10.43.0.0/25'; // 128 addresses
      return c;
    };
    const at = resolveCluster(s('192.168.1.227')).rateLimit;
    expect([at.poolAddresses, at.serviceCidrCapacity, at.services]).toEqual([128n, 128, 128]);
    expect(plan(s('192.168.1.227'))).toContain('- L2-announced Services: 128 (the usable addresses of the L2-announced pools; set');
    const past = resolveCluster(s('192.168.1.228')).rateLimit;
    expect([past.poolAddresses, past.services]).toEqual([129n, 128]);
    expect(plan(s('192.168.1.228'))).toContain('- L2-announced Services: 128 (the usable addresses of the L2-announced pools, 129, capped at the 128 addresses of k3s.serviceCidr 10.43.0.0/25');
  });
});
