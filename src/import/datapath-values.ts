/**
 * Chart keys of the datapath fields issue 20 added to the model (src/model/cilium-values.ts
 * datapathValues, check 35's OWNED list): each goes to its typed field.
 */
import { setField } from './draft.js';
import type { Destination } from './report.js';
import type { ValuesContext } from './value-rule.js';

type Rule = (value: unknown, ctx: ValuesContext) => Destination;

const bool = (v: unknown) => v === true || v === 'true';
const int = (v: unknown) => (typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v);

function to(path: string, convert: (v: unknown) => unknown = (v) => v, note?: string): Rule {
  return (value, ctx) => {
    setField(ctx.draft, path, convert(value));
    return note === undefined ? { kind: 'field', path } : { kind: 'field', path, note };
  };
}

/** `devices` is a list, or one string of names separated by spaces or commas (the agent's flag form). */
function deviceList(v: unknown): unknown {
  return typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v;
}

export const DATAPATH_RULES: Readonly<Record<string, Rule>> = {
  'loadBalancer.algorithm': to('cilium.serviceLoadBalancing.algorithm'),
  'loadBalancer.mode': to('cilium.serviceLoadBalancing.mode'),
  'loadBalancer.dsrDispatch': to('cilium.serviceLoadBalancing.dsrDispatch'),
  'maglev.tableSize': to('cilium.serviceLoadBalancing.maglevTableSize', int),
  devices: to('cilium.devices', deviceList),
  'bpf.masquerade': to('cilium.bpfMasquerade', bool),
  'bpf.datapathMode': to('cilium.datapathMode'),
  enableIPv4Masquerade: to('cilium.ipv4Masquerade', bool),
  enableIPv6Masquerade: to('cilium.ipv6Masquerade', bool),
  'cni.exclusive': to('cilium.cniExclusive', bool),
  'bandwidthManager.bbr': to('cilium.bbr', bool),
  enableIPv4BIGTCP: to('cilium.bigTCP.ipv4', bool),
  enableIPv6BIGTCP: to('cilium.bigTCP.ipv6', bool),
  MTU: to('cilium.mtu', int),
  'gatewayAPI.enabled': to('cilium.gatewayAPI.enabled', bool),
  'k8sClientRateLimit.qps': to('cilium.k8sClientRateLimit.qps', int),
  'k8sClientRateLimit.burst': to('cilium.k8sClientRateLimit.burst', int),
};

/** Fields of issue 20 that may equal what the model derives without them (left out then). */
export const DATAPATH_PRUNABLE = [
  'cilium.serviceLoadBalancing.algorithm', 'cilium.serviceLoadBalancing.mode', 'cilium.serviceLoadBalancing.dsrDispatch',
  'cilium.serviceLoadBalancing.maglevTableSize', 'cilium.bpfMasquerade', 'cilium.datapathMode', 'cilium.ipv4Masquerade', 'cilium.ipv6Masquerade',
  'cilium.cniExclusive', 'cilium.bbr', 'cilium.bigTCP.ipv4', 'cilium.bigTCP.ipv6', 'cilium.gatewayAPI.enabled', 'cilium.k8sClientRateLimit',
  'k3s.joinUrl', 'k3s.datastore',
];
