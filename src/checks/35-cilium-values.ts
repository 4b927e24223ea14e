/**
 * Check 35: the `cilium.values` overlay. Every key must be one the chart of the cluster's release
 * documents (values.yaml, commented-out keys included; generated/cilium-chart-keys.ts), with a
 * value of a type its values.schema.json allows; an unknown key names the nearest known one, a key
 * of another held release says which releases have it (an upgrade that drops a key is reported
 * when cilium.version changes). Keys the model writes from a field are refused with that field:
 * the overlay adds, it never overrides what the file decides.
 */
import { chartKeys, chartReleaseIndex, HELD_CHART_RELEASES } from '../model/cilium-chart-keys.js';
import { at, Diagnostic, error, keyPath } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { nearest } from '../model/nearest.js';

/** Chart keys the model writes, with the field that decides them (or why none may). */
const OWNED: readonly (readonly [key: string, by: string])[] = [
  ['kubeProxyReplacement', 'is always true: Cilium replaces kube-proxy in every cluster this renders'],
  ['k8sServiceHost', 'comes from k3s.apiServer.host'],
  ['k8sServicePort', 'comes from k3s.apiServer.port'],
  ['ipam', 'comes from cilium.ipamMode and k3s.clusterCidr'],
  ['routingMode', 'comes from cilium.routingMode'],
  ['tunnelProtocol', 'comes from cilium.tunnelProtocol'],
  ['ipv4NativeRoutingCIDR', 'comes from cilium.ipv4NativeRoutingCIDR'],
  ['ipv6NativeRoutingCIDR', 'comes from cilium.ipv6NativeRoutingCIDR'],
  ['autoDirectNodeRoutes', 'comes from cilium.autoDirectNodeRoutes'],
  ['ipv6.enabled', 'follows k3s.clusterCidr (dual-stack when it holds an IPv6 CIDR)'],
  ['bgpControlPlane', 'comes from loadBalancer.bgp'],
  ['l2announcements', 'comes from loadBalancer.l2'],
  ['k8sClientRateLimit', 'comes from cilium.k8sClientRateLimit'],
  ['hubble.enabled', 'comes from cilium.hubble.enabled'],
  ['hubble.relay.enabled', 'comes from cilium.hubble.relay'],
  ['hubble.ui.enabled', 'comes from cilium.hubble.ui'],
  ['bandwidthManager.enabled', 'comes from cilium.bandwidthManager'],
  ['bandwidthManager.bbr', 'comes from cilium.bbr'],
  ['socketLB.hostNamespaceOnly', 'comes from cilium.socketLBHostNamespaceOnly'],
  ['operator.replicas', 'comes from cilium.operatorReplicas'],
  ['loadBalancer.algorithm', 'comes from cilium.serviceLoadBalancing.algorithm'],
  ['loadBalancer.mode', 'comes from cilium.serviceLoadBalancing.mode'],
  ['loadBalancer.dsrDispatch', 'comes from cilium.serviceLoadBalancing.dsrDispatch'],
  ['maglev.tableSize', 'comes from cilium.serviceLoadBalancing.maglevTableSize'],
  ['devices', 'comes from cilium.devices'],
  ['bpf.masquerade', 'comes from cilium.bpfMasquerade'],
  ['bpf.datapathMode', 'comes from cilium.datapathMode'],
  ['enableIPv4Masquerade', 'comes from cilium.ipv4Masquerade'],
  ['enableIPv6Masquerade', 'comes from cilium.ipv6Masquerade'],
  ['cni.exclusive', 'comes from cilium.cniExclusive'],
  ['enableIPv4BIGTCP', 'comes from cilium.bigTCP.ipv4'],
  ['enableIPv6BIGTCP', 'comes from cilium.bigTCP.ipv6'],
  ['MTU', 'comes from cilium.mtu'],
  ['gatewayAPI.enabled', 'comes from cilium.gatewayAPI.enabled'],
  ['nodePort.enabled', 'must not be set: kubeProxyReplacement: true includes NodePort, and the key is gone from 1.19 on'],
  ['tunnel', 'was removed in Cilium 1.15; use cilium.routingMode and cilium.tunnelProtocol'],
];

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The JSON type of a YAML value, as values.schema.json names it. */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'boolean' ? 'boolean' : typeof v === 'string' ? 'string' : 'object';
}

function typeAllowed(types: readonly string[], v: unknown): boolean {
  const t = jsonType(v);
  return types.length === 0 || types.includes(t) || (t === 'integer' && types.includes('number'));
}

/** Releases as a phrase: `1.19.4 and 1.20.0`. */
function releasesOf(mask: number): string {
  const list = HELD_CHART_RELEASES.filter((_, i) => mask & (1 << i));
  return list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0];
}

export function checkCiliumValues(cluster: ResolvedCluster): Diagnostic[] {
  const overlay = cluster.cilium.overlay;
  const release = chartReleaseIndex(cluster.cilium.version);
  if (Object.keys(overlay).length === 0 || release === undefined) return [];
  const bit = 1 << release;
  const keys = chartKeys();
  const known = [...keys].filter(([, k]) => k.mask & bit).map(([p]) => p);
  const chart = `the Cilium ${HELD_CHART_RELEASES[release]} chart`;
  const out: Diagnostic[] = [];
  const freeUnder = (path: string) => {
    const parts = path.split('.');
    for (let i = parts.length - 1; i > 0; i--) {
      const k = keys.get(parts.slice(0, i).join('.'));
      if (k && k.mask & bit && k.freeForm) return true;
    }
    return false;
  };
  const visit = (value: unknown, path: string, field: string) => {
    const owned = OWNED.find(([k]) => path === k || path.startsWith(`${k}.`));
    if (owned) {
      out.push(error(field, `${path} ${owned[1]}; the overlay may only add keys the file has no field for`,
        owned[1].startsWith('comes from ') ? `Set ${owned[1].slice('comes from '.length)} instead.` : 'Remove it from cilium.values.'));
      return;
    }
    if (freeUnder(path)) return;
    const key = keys.get(path);
    if (!key || !(key.mask & bit)) {
      if (key) {
        out.push(error(field, `${path} is not a key of ${chart}; only the ${releasesOf(key.mask)} chart${key.mask & (key.mask - 1) ? 's have' : ' has'} it`,
          'Remove it, or move it to a release that has it (check the upgrade notes for its replacement).'));
        return;
      }
      const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
      const siblings = known.filter((p) => p.startsWith(parent) && !p.slice(parent.length).includes('.'));
      const guess = nearest(path, siblings);
      out.push(error(field, `${path} is not a key of ${chart} (neither set nor documented in its values.yaml), so the chart would ignore it`,
        guess ? `Did you mean ${guess}?` : 'Check the key against the chart\'s values.yaml of this release.'));
      return;
    }
    if (!typeAllowed(key.types, value)) {
      out.push(error(field, `${path} is ${jsonType(value)} ${JSON.stringify(value)}, and ${chart}'s values.schema.json allows ${key.types.join(' or ')}`,
        `Write a value of type ${key.types.join(' or ')}.`));
      return;
    }
    if (isMap(value) && !key.freeForm) {
      for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`, keyPath(field, k));
    } else {
      // A scalar, list or free-form map here replaces whatever the model writes below it.
      const below = OWNED.find(([k]) => k.startsWith(`${path}.`));
      if (below) out.push(error(field, `${path} would replace ${below[0]}, which ${below[1].replace(/^comes from/, 'comes from')}`, 'Set only the keys below it you need.'));
    }
  };
  for (const [k, v] of Object.entries(overlay)) visit(v, k, keyPath(at('cilium', 'values'), k));
  return out;
}
