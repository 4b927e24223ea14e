/**
 * Cilium BGP resources → `loadBalancer.bgp`. The v2 objects (CiliumBGPClusterConfig, PeerConfig,
 * Advertisement, NodeConfigOverride: https://docs.cilium.io/en/stable/network/bgp-control-plane/bgp-control-plane-v2/)
 * map field by field onto the model, which has one BGP instance. The v1 CiliumBGPPeeringPolicy
 * (cilium.io/v2alpha1, deprecated in 1.16 and no longer served from 1.19: its CRD is absent from
 * ../shared/cilium/1.19.4/crds) is translated to the same model, each difference stated in the report:
 * - a neighbor's `peerAddress` is a CIDR (`10.0.0.1/32`); a v2 peer has an address;
 * - a neighbor carries its session settings itself; v2 shares them through named CiliumBGPPeerConfigs
 *   (one per distinct set of settings here);
 * - `exportPodCIDR` becomes a PodCIDR CiliumBGPAdvertisement;
 * - the virtual router's `serviceSelector` chose the Services advertised; v2 advertises what
 *   CiliumBGPAdvertisements select: here, the Services of each BGP pool (by the pool's own selector);
 * - neighbors have no names in v1: peers are named after their address.
 * Passwords stay in Secrets: a plain-text password in the input is refused.
 */
import { Draft, isObj, leaves } from './draft.js';
import { objectName } from './helm-sources.js';
import type { ImportProblem } from './problems.js';
import type { ImportReport } from './report.js';

type Obj = Record<string, unknown>;

/** One BGP object of the input. */
export interface BgpObject {
  readonly file: string;
  readonly o: Obj;
}

/** What the BGP objects say about LoadBalancer pools: the Service selectors advertised (undefined: every Service). */
export interface BgpFacts {
  readonly serviceSelectors: (Obj | undefined)[];
}

const SELECT_ALL_TRICK = (s: unknown) =>
  isObj(s) && Array.isArray(s.matchExpressions) && s.matchExpressions.length === 1 && (s.matchExpressions[0] as Obj).operator === 'NotIn'
  && !isObj(s.matchLabels);

/** A selector as the model writes it: undefined for "every Service" (empty, absent or the NotIn-a-never-set-value idiom). */
export function normalizeSelector(s: unknown): Obj | undefined {
  if (!isObj(s) || Object.keys(s).length === 0 || SELECT_ALL_TRICK(s)) return undefined;
  return s;
}

function peerName(address: string): string {
  return `peer-${address.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** Keys that would hold a password in plain text. */
const PASSWORD_KEY = /^(password|authPassword|md5Password|auth-password)$/i;

function passwordProblems(o: Obj, file: string): ImportProblem[] {
  return leaves(o).filter(([p]) => PASSWORD_KEY.test(p.split('.').pop()!)).map(([p]) => ({
    file,
    field: p,
    message: 'a BGP password in plain text',
    fix: 'Keep it in a Secret (kubectl -n kube-system create secret generic <name> --from-literal=password=...) and name the Secret in authSecretRef.',
  }));
}

/** The peer-config fields v1 neighbors and v2 peer configs share. */
function sessionSettings(src: Obj, v1: boolean): Obj {
  const out: Obj = {};
  if (typeof src.authSecretRef === 'string') out.authSecretRef = src.authSecretRef;
  const timers: Obj = {};
  const t = v1 ? src : isObj(src.timers) ? src.timers : {};
  for (const k of ['holdTimeSeconds', 'keepAliveTimeSeconds', 'connectRetryTimeSeconds']) if (t[k] !== undefined) timers[k] = t[k];
  if (Object.keys(timers).length > 0) out.timers = timers;
  if (isObj(src.gracefulRestart)) out.gracefulRestart = src.gracefulRestart;
  const ttl = v1 ? src.eBGPMultihopTTL : src.ebgpMultihop;
  if (ttl !== undefined && ttl !== 1) out.ebgpMultihop = ttl;
  if (Array.isArray(src.families)) {
    const fams = src.families.filter(isObj).filter((f) => f.safi === 'unicast').map((f) => f.afi);
    if (fams.length > 0) out.families = fams;
  }
  return out;
}

const V1_SESSION_KEYS = ['authSecretRef', 'holdTimeSeconds', 'keepAliveTimeSeconds', 'connectRetryTimeSeconds', 'gracefulRestart', 'eBGPMultihopTTL', 'families'];

function readV1(obj: BgpObject, bgp: Obj, facts: BgpFacts, report: ImportReport): void {
  const { file, o } = obj;
  const object = objectName(o);
  const spec = isObj(o.spec) ? o.spec : {};
  const routers = (Array.isArray(spec.virtualRouters) ? spec.virtualRouters : []).filter(isObj);
  if (isObj(spec.nodeSelector)) {
    bgp.nodeSelector = spec.nodeSelector;
    report.field(file, object, 'spec.nodeSelector', spec.nodeSelector, 'loadBalancer.bgp.nodeSelector');
  }
  routers.forEach((r, ri) => {
    const at = `spec.virtualRouters[${ri}]`;
    if (ri > 0) {
      report.dropped(file, object, at, `localASN ${String(r.localASN)}`, 'the model has one BGP instance per node; only the first virtual router is imported');
      return;
    }
    bgp.localASN = r.localASN;
    report.field(file, object, `${at}.localASN`, r.localASN, 'loadBalancer.bgp.localASN');
    if (r.exportPodCIDR !== undefined) {
      if (r.exportPodCIDR === true) bgp.advertisePodCIDRs = true;
      report.field(file, object, `${at}.exportPodCIDR`, r.exportPodCIDR, 'loadBalancer.bgp.advertisePodCIDRs', 'v2: a PodCIDR CiliumBGPAdvertisement');
    }
    const selector = normalizeSelector(r.serviceSelector);
    if (r.serviceSelector !== undefined) {
      facts.serviceSelectors.push(selector);
      report.decided(file, object, `${at}.serviceSelector`, r.serviceSelector,
        'v2 advertises the Services of each BGP pool, selected by the pool\'s own serviceSelector (a CiliumBGPAdvertisement per pool), not by one selector of the router');
    }
    for (const k of ['serviceAdvertisements', 'podIPPoolSelector']) {
      if (r[k] !== undefined) report.dropped(file, object, `${at}.${k}`, r[k], k === 'serviceAdvertisements' ? 'the model advertises LoadBalancer IPs only' : 'no field: multi-pool IPAM is not used with k3s');
    }
    const configs: Obj[] = (bgp.peerConfigs ??= []) as Obj[];
    const peers: Obj[] = (bgp.peers ??= []) as Obj[];
    const neighbors = (Array.isArray(r.neighbors) ? r.neighbors : []).filter(isObj);
    neighbors.forEach((n, ni) => {
      const nat = `${at}.neighbors[${ni}]`;
      const address = String(n.peerAddress ?? '').replace(/\/(32|128)$/, '');
      const settings = sessionSettings(n, true);
      let config = configs.find((c) => JSON.stringify({ ...c, name: undefined }) === JSON.stringify({ ...settings, name: undefined }));
      if (!config) configs.push((config = { name: `${String((o.metadata as Obj | undefined)?.name ?? 'bgp')}${configs.length > 0 ? `-${configs.length + 1}` : ''}`, ...settings }));
      const peer: Obj = { name: peerName(address), address, asn: n.peerASN, peerConfig: config.name };
      peers.push(peer);
      const pat = `loadBalancer.bgp.peers[${peers.length - 1}]`;
      report.field(file, object, `${nat}.peerAddress`, n.peerAddress, `${pat}.address`, 'v2 peers have an address, not a CIDR; named after it');
      report.field(file, object, `${nat}.peerASN`, n.peerASN, `${pat}.asn`);
      for (const k of V1_SESSION_KEYS) {
        if (n[k] !== undefined) report.field(file, object, `${nat}.${k}`, n[k], `loadBalancer.bgp.peerConfigs[${configs.indexOf(config)}]`, 'v2: session settings live in a named CiliumBGPPeerConfig');
      }
      for (const k of Object.keys(n).filter((k) => !['peerAddress', 'peerASN', ...V1_SESSION_KEYS].includes(k))) {
        report.dropped(file, object, `${nat}.${k}`, n[k], 'no field of the cluster file renders this neighbor setting');
      }
    });
  });
}

function readClusterConfig(obj: BgpObject, bgp: Obj, report: ImportReport, seen: { instance?: string }): void {
  const { file, o } = obj;
  const object = objectName(o);
  const spec = isObj(o.spec) ? o.spec : {};
  report.decided(file, object, 'metadata.name', (o.metadata as Obj | undefined)?.name, 'the CiliumBGPClusterConfig is named after the cluster');
  if (isObj(spec.nodeSelector)) {
    bgp.nodeSelector = spec.nodeSelector;
    report.field(file, object, 'spec.nodeSelector', spec.nodeSelector, 'loadBalancer.bgp.nodeSelector');
  }
  const instances = (Array.isArray(spec.bgpInstances) ? spec.bgpInstances : []).filter(isObj);
  instances.forEach((inst, ii) => {
    const at = `spec.bgpInstances[${ii}]`;
    if (seen.instance !== undefined) {
      report.dropped(file, object, at, `localASN ${String(inst.localASN)}`, 'the model has one BGP instance per node; only the first is imported');
      return;
    }
    seen.instance = String(inst.name);
    bgp.localASN = inst.localASN;
    report.field(file, object, `${at}.localASN`, inst.localASN, 'loadBalancer.bgp.localASN');
    report.decided(file, object, `${at}.name`, inst.name, 'the instance is named instance-<localASN>');
    for (const k of Object.keys(inst).filter((k) => !['name', 'localASN', 'peers'].includes(k))) report.dropped(file, object, `${at}.${k}`, inst[k], 'no field of the cluster file renders it');
    const peers: Obj[] = (bgp.peers ??= []) as Obj[];
    (Array.isArray(inst.peers) ? inst.peers : []).filter(isObj).forEach((p, pi) => {
      const pat = `loadBalancer.bgp.peers[${peers.length}]`;
      const ref = isObj(p.peerConfigRef) ? p.peerConfigRef.name : undefined;
      peers.push({ name: p.name, address: p.peerAddress, asn: p.peerASN, ...(typeof ref === 'string' ? { peerConfig: ref } : {}) });
      for (const [k, f] of [['name', 'name'], ['peerAddress', 'address'], ['peerASN', 'asn'], ['peerConfigRef', 'peerConfig']] as const) {
        if (p[k] !== undefined) report.field(file, object, `${at}.peers[${pi}].${k}`, p[k], `${pat}.${f}`);
      }
      for (const k of Object.keys(p).filter((k) => !['name', 'peerAddress', 'peerASN', 'peerConfigRef'].includes(k))) {
        report.dropped(file, object, `${at}.peers[${pi}].${k}`, p[k], 'no field of the cluster file renders it');
      }
    });
  });
}

function readPeerConfig(obj: BgpObject, bgp: Obj, report: ImportReport): void {
  const { file, o } = obj;
  const object = objectName(o);
  const spec = isObj(o.spec) ? o.spec : {};
  const configs: Obj[] = (bgp.peerConfigs ??= []) as Obj[];
  const at = `loadBalancer.bgp.peerConfigs[${configs.length}]`;
  configs.push({ name: (o.metadata as Obj | undefined)?.name, ...sessionSettings(spec, false) });
  report.field(file, object, 'metadata.name', (o.metadata as Obj | undefined)?.name, `${at}.name`);
  for (const [path, value] of leaves(spec, 'spec')) {
    const key = path.split(/[.[]/)[1];
    if (['authSecretRef', 'timers', 'gracefulRestart', 'ebgpMultihop'].includes(key)) report.field(file, object, path, value, `${at}.${key}`);
    else if (key === 'families' && /\.(afi|safi)$/.test(path)) report.field(file, object, path, value, `${at}.families`, 'unicast families only');
    else if (key === 'families') {
      report.decided(file, object, path, value, 'each family advertises the model\'s own CiliumBGPAdvertisements (label k3s-cilium-cdk8s.io/advertise: bgp)');
    } else report.dropped(file, object, path, value, 'no field of the cluster file renders this session setting');
  }
}

function readAdvertisement(obj: BgpObject, bgp: Obj, facts: BgpFacts, report: ImportReport): void {
  const { file, o } = obj;
  const object = objectName(o);
  const spec = isObj(o.spec) ? o.spec : {};
  report.decided(file, object, 'metadata.name', (o.metadata as Obj | undefined)?.name,
    'the model writes its own advertisements: lb-pool-<pool> per BGP pool and pod-cidrs, labelled k3s-cilium-cdk8s.io/advertise: bgp');
  (Array.isArray(spec.advertisements) ? spec.advertisements : []).filter(isObj).forEach((a, i) => {
    const at = `spec.advertisements[${i}]`;
    if (a.advertisementType === 'PodCIDR') {
      bgp.advertisePodCIDRs = true;
      report.field(file, object, `${at}.advertisementType`, a.advertisementType, 'loadBalancer.bgp.advertisePodCIDRs');
      return;
    }
    const addresses = isObj(a.service) && Array.isArray(a.service.addresses) ? a.service.addresses : [];
    if (a.advertisementType === 'Service' && addresses.includes('LoadBalancerIP')) {
      facts.serviceSelectors.push(normalizeSelector(a.selector));
      report.field(file, object, at, 'Service LoadBalancerIP', 'loadBalancer.pools[].announce', 'the pools whose Services it selects are announced over BGP');
      const others = addresses.filter((x) => x !== 'LoadBalancerIP');
      if (others.length > 0) report.dropped(file, object, `${at}.service.addresses`, others, 'the model advertises LoadBalancer IPs only');
      return;
    }
    report.dropped(file, object, at, a.advertisementType, 'the model advertises LoadBalancer IPs and pod CIDRs only');
  });
}

function readNodeOverride(obj: BgpObject, nodes: readonly Obj[], report: ImportReport): void {
  const { file, o } = obj;
  const object = objectName(o);
  const spec = isObj(o.spec) ? o.spec : {};
  const name = (o.metadata as Obj | undefined)?.name;
  const index = nodes.findIndex((n) => n.name === name);
  if (index < 0) {
    report.dropped(file, object, 'metadata.name', name, 'no imported node has this name (a CiliumBGPNodeConfigOverride is named after its node)');
    return;
  }
  const node = nodes[index];
  const instances = (Array.isArray(spec.bgpInstances) ? spec.bgpInstances : []).filter(isObj);
  instances.forEach((inst, ii) => {
    const at = `spec.bgpInstances[${ii}]`;
    if (ii > 0) {
      report.dropped(file, object, at, inst.name, 'the model has one BGP instance per node');
      return;
    }
    const bgp: Obj = (node.bgp ??= {}) as Obj;
    if (inst.routerID !== undefined) {
      bgp.routerID = inst.routerID;
      report.field(file, object, `${at}.routerID`, inst.routerID, `nodes[${index}].bgp.routerID`);
    }
    const locals: string[] = [];
    (Array.isArray(inst.peers) ? inst.peers : []).filter(isObj).forEach((p, pi) => {
      if (typeof p.localAddress !== 'string') return;
      const family = p.localAddress.includes(':') ? 6 : 4;
      const taken = locals.find((l) => (l.includes(':') ? 6 : 4) === family);
      const path = `${at}.peers[${pi}].localAddress`;
      if (taken === undefined || taken === p.localAddress) {
        if (taken === undefined) locals.push(p.localAddress);
        report.field(file, object, path, p.localAddress, `nodes[${index}].bgp.localAddresses`, 'one source address per family, used for every peer of that family');
      } else {
        report.dropped(file, object, path, p.localAddress, `the model has one source address per family for every peer; ${taken} (of an earlier peer) is kept`);
      }
    });
    if (locals.length > 0) bgp.localAddresses = locals;
    for (const k of Object.keys(inst).filter((k) => !['name', 'routerID', 'peers'].includes(k))) report.dropped(file, object, `${at}.${k}`, inst[k], 'no field of the cluster file renders it');
  });
}

/** Secrets named by an authSecretRef of the input: their password is in Git in plain text. */
function secretProblems(objects: readonly BgpObject[], secrets: readonly BgpObject[]): ImportProblem[] {
  const refs = new Set(objects.flatMap(({ o }) => leaves(o).filter(([p]) => p.endsWith('authSecretRef')).map(([, v]) => v)));
  return secrets.filter(({ o }) => refs.has((o.metadata as Obj | undefined)?.name)).map(({ file, o }) => ({
    file,
    field: isObj(o.stringData) ? 'stringData.password' : 'data.password',
    message: `${objectName(o)} holds a BGP password in plain text (base64 is not encryption)`,
    fix: 'Keep the Secret out of Git (create it with kubectl, or through Sealed Secrets / SOPS / an external secret store) and import without this file.',
  }));
}

/** Reads every BGP object into `draft.loadBalancer.bgp`; the problems are refusals. */
export function readBgp(
  objects: readonly BgpObject[], secrets: readonly BgpObject[], draft: Draft, report: ImportReport,
): { facts: BgpFacts; problems: ImportProblem[] } {
  const facts: BgpFacts = { serviceSelectors: [] };
  const problems = [...objects.flatMap(({ o, file }) => passwordProblems(o, file)), ...secretProblems(objects, secrets)];
  if (objects.length === 0 || problems.length > 0) return { facts, problems };
  const lb = (draft.loadBalancer ??= {}) as Obj;
  const bgp: Obj = {};
  const seen: { instance?: string } = {};
  const nodes = (Array.isArray(draft.nodes) ? draft.nodes : []) as Obj[];
  const byKind = (kind: string) => objects.filter(({ o }) => o.kind === kind);
  for (const obj of byKind('CiliumBGPPeeringPolicy')) {
    if (bgp.localASN !== undefined) {
      report.dropped(obj.file, objectName(obj.o), 'spec', '…', 'the model has one BGP setup; the first peering policy is imported');
      continue;
    }
    readV1(obj, bgp, facts, report);
    report.note(`${obj.file}: ${objectName(obj.o)} is BGP v1 (removed in Cilium 1.19): rendered as v2 CiliumBGPClusterConfig, PeerConfigs and Advertisements; the report states each difference.`);
  }
  for (const obj of byKind('CiliumBGPClusterConfig')) readClusterConfig(obj, bgp, report, seen);
  for (const obj of byKind('CiliumBGPPeerConfig')) readPeerConfig(obj, bgp, report);
  for (const obj of byKind('CiliumBGPAdvertisement')) readAdvertisement(obj, bgp, facts, report);
  for (const obj of byKind('CiliumBGPNodeConfigOverride')) readNodeOverride(obj, nodes, report);
  if (bgp.localASN !== undefined || bgp.peers !== undefined) lb.bgp = { localASN: bgp.localASN, ...bgp };
  return { facts, problems };
}
