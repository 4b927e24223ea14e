/** PLAN.md's node table: addresses, L2 subnets, interfaces and, with BGP, whether each node speaks it. */
import type { ResolvedCluster, ResolvedNode } from '../model/resolved.js';
import { markdownTable } from '../text/markdown.js';

/** The BGP cell of a node: whether it speaks BGP, with its per-node overrides. */
function nodeBgpText(node: ResolvedNode, speakers: ReadonlySet<ResolvedNode>): string {
  if (!speakers.has(node)) return 'no (not selected by loadBalancer.bgp.nodeSelector)';
  const overrides = [
    ...(node.bgp?.routerID !== undefined ? [`router ID ${node.bgp.routerID}`] : []),
    ...(node.bgp?.localAddresses.length ? [`source ${node.bgp.localAddresses.join(', ')}`] : []),
  ];
  return overrides.length ? `yes (${overrides.join(', ')})` : 'yes';
}

export function nodesSection(cluster: ResolvedCluster): string {
  // Plural headers only when some node has two addresses: a single-stack plan reads as before.
  const dual = cluster.nodes.some((n) => n.addresses.length > 1);
  const speakers = cluster.bgp && new Set(cluster.bgp.speakers);
  const header = ['node', 'role', dual ? 'addresses' : 'address', dual ? 'L2 subnets' : 'L2 subnet', 'interfaces', ...(speakers ? ['BGP'] : [])];
  const rows = cluster.nodes.map((n) => [
    n.name, n.role,
    n.addresses.map((a) => a.ip).join(', '),
    n.addresses.map((a) => a.subnet?.canonical ?? '–').join(', '),
    n.interfaces.join(', '),
    ...(speakers ? [nodeBgpText(n, speakers)] : []),
  ]);
  return ['## Nodes', '', markdownTable(header, rows)].join('\n');
}
