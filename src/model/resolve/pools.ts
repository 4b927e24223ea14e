/** LB-IPAM pools: blocks and usable addresses, and how each pool is announced. */
import type { LabelSelector, PoolSpec } from '../cluster-spec.js';
import { CLUSTER_DEFAULTS } from '../defaults.js';
import type { BgpFamily, ResolvedBlock, ResolvedL2Policy, ResolvedPool } from '../resolved.js';
import { blockRange, usableAddresses } from './blocks.js';

/** A pool while the resolver still fills in the facts that need reservations and BGP. */
export type PoolDraft = { -readonly [K in keyof ResolvedPool]: ResolvedPool[K] };

export function resolvePool(
  pool: PoolSpec, index: number, defaultAnnounce: 'l2' | 'bgp', servingPolicies: (selector: LabelSelector | undefined) => ResolvedL2Policy[],
): PoolDraft {
  const announce = pool.announce ?? defaultAnnounce;
  const allowFirstLastIPs = pool.allowFirstLastIPs ?? CLUSTER_DEFAULTS['loadBalancer.pools[].allowFirstLastIPs'];
  const blocks = (pool.blocks ?? []).map((block, j): ResolvedBlock => {
    const range = blockRange(block);
    return {
      spec: block,
      index: j,
      ...(block.cidr !== undefined ? { cidr: block.cidr } : { start: block.start, stop: block.stop ?? block.start }),
      range,
      usable: usableAddresses(block, range, allowFirstLastIPs),
    };
  });
  const serving = servingPolicies(pool.serviceSelector);
  const families = [...new Set(blocks.flatMap((b): BgpFamily[] => (b.range ? [b.range.family === 4 ? 'ipv4' : 'ipv6'] : [])))].sort();
  return {
    spec: pool,
    index,
    name: pool.name,
    blocks,
    allowFirstLastIPs,
    disabled: pool.disabled ?? CLUSTER_DEFAULTS['loadBalancer.pools[].disabled'],
    serviceSelector: pool.serviceSelector,
    announce,
    servingPolicies: serving,
    l2: announce !== 'bgp' && serving.length > 0,
    bgp: announce !== 'l2',
    families,
    usable: blocks.reduce((sum, b) => sum + b.usable, 0n),
    reservations: [],
    bgpAdvertisement: undefined,
    bgpPoolsSelectingItsServices: [],
  };
}
