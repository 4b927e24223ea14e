/** Pinned Services: their address, the labels pool selectors see, and the pools that hold the address. */
import type { PoolBlockIndex } from '../address-index.js';
import type { ReservationSpec } from '../cluster-spec.js';
import { CLUSTER_DEFAULTS } from '../defaults.js';
import { parseIp } from '../ip.js';
import { serviceSelectorLabels } from '../k3s.js';
import type { ResolvedPool, ResolvedReservation } from '../resolved.js';

export function resolveReservation(r: ReservationSpec, index: number, poolAddresses: PoolBlockIndex<ResolvedPool>): ResolvedReservation {
  const [namespace, serviceName = ''] = String(r.service).split('/');
  const address = parseIp(r.ip);
  const blocks = address ? poolAddresses.containing(address.family, address.value) : [];
  return {
    spec: r,
    index,
    service: r.service,
    namespace,
    serviceName,
    ip: r.ip,
    address,
    selectorLabels: serviceSelectorLabels(r.labels ?? CLUSTER_DEFAULTS['loadBalancer.reservations[].labels'], namespace, serviceName),
    sharingKey: r.sharingKey,
    sharingCrossNamespace: r.sharingCrossNamespace ?? CLUSTER_DEFAULTS['loadBalancer.reservations[].sharingCrossNamespace'],
    externalTrafficPolicy: r.externalTrafficPolicy ?? CLUSTER_DEFAULTS['loadBalancer.reservations[].externalTrafficPolicy'],
    blocks,
    pools: [...new Set(blocks.map((b) => b.pool))],
  };
}
