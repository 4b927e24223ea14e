/**
 * The labels selectors really see. k3s labels every node with its hostname and OS, and servers with
 * their control-plane role (Cilium's own L2 example selects on that); LB-IPAM lets pool selectors
 * match a Service's namespace and name through two pseudo-labels.
 */
import type { ReservationSpec } from '../cluster-spec.js';
import type { ResolvedNode } from '../resolved-cluster.js';

/** Labels a node carries once registered: the declared ones plus those k3s and the kubelet set. */
export function nodeSelectorLabels(node: ResolvedNode): Record<string, string> {
  return {
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
    ...(node.role === 'server' ? { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/master': 'true' } : {}),
    ...node.labels,
  };
}

/** Labels a pinned Service is matched by: its own plus LB-IPAM's namespace/name pseudo-labels. */
export function serviceSelectorLabels(reservation: ReservationSpec): Record<string, string> {
  const [namespace, name] = String(reservation.service).split('/');
  return {
    ...(reservation.labels ?? {}),
    'io.kubernetes.service.namespace': namespace,
    'io.kubernetes.service.name': name ?? '',
  };
}
