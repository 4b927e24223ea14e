/**
 * Test code: what Cilium's BGP control plane (v2) configures in the GoBGP speaker of one node,
 * translated from the rendered objects by the rules Cilium documents
 * (https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-configuration/):
 * - CiliumBGPClusterConfig: the nodes its `nodeSelector` selects run each `bgpInstances[]` with
 *   `localASN`, and peer `peers[].peerAddress` / `peerASN` with the settings of `peerConfigRef`.
 *   The instances do not listen for BGP ("instantiates each router instance without a listening
 *   port"): the node opens every session. The router ID is the node's IPv4 address unless a
 *   CiliumBGPNodeConfigOverride (named after the node) sets `routerID`.
 * - CiliumBGPPeerConfig: `timers` (hold 90 s, keepalive 30 s, connect retry 120 s by default),
 *   `ebgpMultihop` (TTL, default 1), `authSecretRef` (the key `password` of that Secret in the BGP
 *   secrets namespace: TCP MD5), `gracefulRestart` (`restartTimeSeconds` default 120), and
 *   `families[]`, each advertising the CiliumBGPAdvertisements its `advertisements` selector picks.
 * - CiliumBGPAdvertisement: `PodCIDR` advertises the node's pod CIDR; `Service` with
 *   `addresses: [LoadBalancerIP]` advertises the LoadBalancer IP of each Service its `selector`
 *   selects, as a host route (/32, /128).
 * - CiliumBGPNodeConfigOverride: `peers[].localAddress` is the session's source address.
 */
import { selectorMatches } from '../../src/model/selectors.js';
import type { LabelSelector } from '../../src/model/cluster-spec.js';

/** A LoadBalancer Service the test pretends LB-IPAM gave an address. */
export interface TestService { readonly labels: Record<string, string>; readonly ip: string }

export interface NodeFacts {
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The node's addresses (no prefix), primary first. */
  readonly addresses: readonly string[];
  /** The pod CIDRs k3s gave this node. */
  readonly podCidrs: readonly string[];
}

export interface GobgpNeighbour {
  readonly peer: string;
  readonly address: string;
  readonly asn: number;
  readonly password?: string;
  readonly localAddress?: string;
  readonly holdTime: number;
  readonly keepalive: number;
  readonly connectRetry: number;
  readonly multihopTtl: number;
  readonly gracefulRestart?: number;
  readonly families: readonly string[];
  /** Prefixes advertised on this session. */
  readonly prefixes: readonly string[];
}

export interface GobgpNode {
  readonly node: string;
  readonly asn: number;
  readonly routerId: string;
  readonly neighbours: readonly GobgpNeighbour[];
  /** Every prefix the node originates (the union of its sessions'). */
  readonly prefixes: readonly string[];
}

const isV6 = (ip: string) => ip.includes(':');

/** The GoBGP view of every node the cluster config selects. `secrets`: Secret name → password. */
export function translate(objects: readonly any[], nodes: readonly NodeFacts[], services: readonly TestService[],
  secrets: Readonly<Record<string, string>>): GobgpNode[] {
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  const out: GobgpNode[] = [];
  for (const clusterConfig of of('CiliumBGPClusterConfig')) {
    for (const node of nodes) {
      if (!selectorMatches(clusterConfig.spec.nodeSelector as LabelSelector | undefined, node.labels)) continue;
      const override = of('CiliumBGPNodeConfigOverride').find((o) => o.metadata.name === node.name);
      for (const instance of clusterConfig.spec.bgpInstances) {
        const oi = override?.spec.bgpInstances.find((i: any) => i.name === instance.name);
        const neighbours: GobgpNeighbour[] = instance.peers.map((peer: any): GobgpNeighbour => {
          const pc = of('CiliumBGPPeerConfig').find((c) => c.metadata.name === peer.peerConfigRef.name).spec;
          const prefixes = new Set<string>();
          for (const family of pc.families ?? [{ afi: 'ipv4', safi: 'unicast' }]) {
            const v6 = family.afi === 'ipv6';
            for (const ad of of('CiliumBGPAdvertisement').filter((a) => selectorMatches(family.advertisements, a.metadata.labels ?? {}))) {
              for (const a of ad.spec.advertisements) {
                if (a.advertisementType === 'PodCIDR') for (const c of node.podCidrs) if (isV6(c) === v6) prefixes.add(c);
                if (a.advertisementType === 'Service' && a.service.addresses.includes('LoadBalancerIP')) {
                  for (const s of services) if (isV6(s.ip) === v6 && selectorMatches(a.selector, s.labels)) prefixes.add(`${s.ip}/${v6 ? 128 : 32}`);
                }
              }
            }
          }
          return {
            peer: peer.name,
            address: peer.peerAddress,
            asn: peer.peerASN,
            password: pc.authSecretRef === undefined ? undefined : secrets[pc.authSecretRef],
            localAddress: oi?.peers?.find((p: any) => p.name === peer.name)?.localAddress,
            holdTime: pc.timers?.holdTimeSeconds ?? 90,
            keepalive: pc.timers?.keepAliveTimeSeconds ?? 30,
            connectRetry: pc.timers?.connectRetryTimeSeconds ?? 120,
            multihopTtl: pc.ebgpMultihop ?? 1,
            gracefulRestart: pc.gracefulRestart?.enabled ? (pc.gracefulRestart.restartTimeSeconds ?? 120) : undefined,
            families: (pc.families ?? [{ afi: 'ipv4', safi: 'unicast' }]).map((f: any) => `${f.afi}-${f.safi}`),
            prefixes: [...prefixes].sort(),
          };
        });
        out.push({
          node: node.name,
          asn: instance.localASN,
          routerId: oi?.routerID ?? node.addresses.find((a) => !isV6(a))!,
          neighbours,
          prefixes: [...new Set(neighbours.flatMap((n) => n.prefixes))].sort(),
        });
      }
    }
  }
  return out;
}

/** gobgpd's TOML configuration of one node (GoBGP's config file format, docs/sources/configuration.md). */
export function gobgpdToml(node: GobgpNode): string {
  const lines = ['[global.config]', `  as = ${node.asn}`, `  router-id = "${node.routerId}"`, '  port = -1', ''];
  for (const n of node.neighbours) {
    lines.push('[[neighbors]]', '  [neighbors.config]', `    neighbor-address = "${n.address}"`, `    peer-as = ${n.asn}`);
    if (n.password !== undefined) lines.push(`    auth-password = "${n.password}"`);
    if (n.localAddress !== undefined) lines.push('  [neighbors.transport.config]', `    local-address = "${n.localAddress}"`);
    lines.push('  [neighbors.timers.config]', `    hold-time = ${n.holdTime}`, `    keepalive-interval = ${n.keepalive}`, `    connect-retry = ${n.connectRetry}`);
    if (n.multihopTtl > 1) lines.push('  [neighbors.ebgp-multihop.config]', '    enabled = true', `    multihop-ttl = ${n.multihopTtl}`);
    if (n.gracefulRestart !== undefined) lines.push('  [neighbors.graceful-restart.config]', '    enabled = true', `    restart-time = ${n.gracefulRestart}`);
    for (const f of n.families) {
      lines.push('  [[neighbors.afi-safis]]', '    [neighbors.afi-safis.config]', `      afi-safi-name = "${f}"`);
      if (n.gracefulRestart !== undefined) lines.push('    [neighbors.afi-safis.mp-graceful-restart.config]', '      enabled = true');
    }
    lines.push('');
  }
  return lines.join('\n');
}
