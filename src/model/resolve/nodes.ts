/** Nodes: their addresses and subnets, interfaces, and the labels selectors see once they registered. */
import type { NodeSpec } from '../cluster-spec.js';
import { CLUSTER_DEFAULTS } from '../defaults.js';
import { parseCidr } from '../ip.js';
import { k3sNodeLabels } from '../k3s.js';
import type { ResolvedNode, ResolvedNodeAddress } from '../resolved.js';
import { commaList } from './blocks.js';
import { mergeRecords } from '../records.js';

/** A node before the facts that need the whole cluster (rp_filter interfaces, k3s config). */
export type NodeBase = Omit<ResolvedNode, 'rpFilterInterfaces' | 'k3sConfig'>;

function resolveNodeAddress(text: string): ResolvedNodeAddress {
  const [ip] = text.split('/');
  const subnet = parseCidr(text);
  return {
    ip,
    family: subnet?.family,
    subnet: subnet && { family: subnet.family, first: subnet.first, last: subnet.last, canonical: subnet.canonical },
  };
}

export function resolveNodeBase(node: NodeSpec, index: number): NodeBase {
  const addresses = commaList(node.address).map(resolveNodeAddress);
  const labels = node.labels ?? CLUSTER_DEFAULTS['nodes[].labels'];
  return {
    spec: node,
    index,
    name: node.name,
    role: node.role,
    ip: addresses[0].ip,
    subnet: addresses[0].subnet,
    addresses,
    externalIps: commaList(node.externalAddress),
    interfaces: node.interfaces ?? CLUSTER_DEFAULTS['nodes[].interfaces'],
    labels,
    // Declared labels win: a file may set kubernetes.io/os itself.
    selectorLabels: mergeRecords(k3sNodeLabels(node.name, node.role), labels),
    taints: node.taints ?? CLUSTER_DEFAULTS['nodes[].taints'],
    kubeletArgs: node.kubeletArgs ?? CLUSTER_DEFAULTS['nodes[].kubeletArgs'],
    bgp: node.bgp && {
      routerID: node.bgp.routerID,
      localAddresses: node.bgp.localAddresses ?? CLUSTER_DEFAULTS['nodes[].bgp.localAddresses'],
    },
  };
}

/** Whether, per family, every node's address is on the same subnet: nodes reach each other without a router. */
export function shareOneSubnet(nodes: readonly NodeBase[]): boolean {
  const addresses = nodes.flatMap((n) => n.addresses);
  if (nodes.length === 0 || addresses.some((a) => !a.subnet)) return false;
  // Every address has a family here (none lacks a subnet), so `!==` would test the other family's set for each of the two.
  // Stryker disable next-line EqualityOperator: equivalent for that reason (the same two sets are tested)
  return ([4, 6] as const).every((family) => new Set(addresses.filter((a) => a.family === family).map((a) => a.subnet?.canonical)).size <= 1);
}
