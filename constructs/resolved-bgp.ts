/**
 * The BGP part of the resolved cluster: defaults applied, peers tied to their peer configs. Like
 * `resolveCluster`, it never throws on bad values; the BGP checks report them.
 */
import type { BgpPeerConfigSpec, BgpPeerSpec, BgpSpec, LabelSelector } from './cluster-spec.js';
import { IpFamily, parseIp } from './ip.js';

export type BgpFamily = 'ipv4' | 'ipv6';

/** Cilium's timer defaults (CiliumBGPPeerConfig CRD). */
export const BGP_DEFAULT_HOLD_TIME_SECONDS = 90;
export const BGP_DEFAULT_KEEPALIVE_TIME_SECONDS = 30;
export const DEFAULT_BGP_SECRETS_NAMESPACE = 'kube-system';
/** The label every rendered CiliumBGPAdvertisement carries and every peer config family selects. */
export const BGP_ADVERTISEMENT_LABELS: Readonly<Record<string, string>> = { 'k3s-cilium-cdk8s.io/advertise': 'bgp' };

export interface ResolvedBgpPeerConfig {
  spec: BgpPeerConfigSpec;
  name: string;
  /** Families negotiated and advertised. */
  families: BgpFamily[];
  holdTimeSeconds: number;
  keepAliveTimeSeconds: number;
}

export interface ResolvedBgpPeer {
  spec: BgpPeerSpec;
  name: string;
  address: string;
  /** Family of `address`; undefined when it is not an IP. */
  family?: IpFamily;
  asn: number;
  /** The peer config this peer uses; undefined when unknown or ambiguous (the checks report it). */
  peerConfig?: ResolvedBgpPeerConfig;
}

export interface ResolvedBgp {
  spec: BgpSpec;
  localASN: number;
  /** Name of the one BGP instance; node overrides refer to it. */
  instanceName: string;
  nodeSelector?: LabelSelector;
  peerConfigs: ResolvedBgpPeerConfig[];
  peers: ResolvedBgpPeer[];
  advertisePodCIDRs: boolean;
  secretsNamespace: string;
}

/** The families a peer config negotiates by default: those the cluster runs. */
export function clusterBgpFamilies(dualStack: boolean): BgpFamily[] {
  return dualStack ? ['ipv4', 'ipv6'] : ['ipv4'];
}

/** The BGP family name of an address family. */
export function bgpFamily(family: IpFamily): BgpFamily {
  return family === 4 ? 'ipv4' : 'ipv6';
}

export function resolveBgp(spec: BgpSpec, dualStack: boolean): ResolvedBgp {
  const peerConfigs = (spec.peerConfigs ?? []).map((config): ResolvedBgpPeerConfig => ({
    spec: config,
    name: config.name,
    families: config.families ?? clusterBgpFamilies(dualStack),
    holdTimeSeconds: config.timers?.holdTimeSeconds ?? BGP_DEFAULT_HOLD_TIME_SECONDS,
    keepAliveTimeSeconds: config.timers?.keepAliveTimeSeconds ?? BGP_DEFAULT_KEEPALIVE_TIME_SECONDS,
  }));
  const peers = (spec.peers ?? []).map((peer): ResolvedBgpPeer => {
    const configName = peer.peerConfig ?? (peerConfigs.length === 1 ? peerConfigs[0].name : undefined);
    return {
      spec: peer,
      name: peer.name,
      address: peer.address,
      family: parseIp(peer.address)?.family,
      asn: peer.asn,
      peerConfig: peerConfigs.find((c) => c.name === configName),
    };
  });
  return {
    spec,
    localASN: spec.localASN,
    instanceName: `instance-${spec.localASN}`,
    nodeSelector: spec.nodeSelector,
    peerConfigs,
    peers,
    advertisePodCIDRs: spec.advertisePodCIDRs ?? false,
    secretsNamespace: spec.secretsNamespace ?? DEFAULT_BGP_SECRETS_NAMESPACE,
  };
}
