/**
 * Check 32, the datapath's prerequisites, read whole on each branch: Maglev table sizes (the nearest
 * prime suggested), DSR dispatch by routing mode and release, netkit and BIG TCP against eBPF
 * masquerading, BBR, masquerading off, and an explicit API rate limit (burst equal to qps, qps at
 * the leases' need and one below). In process.
 */
import { describe, expect, it } from 'vitest';
import { checkDatapath } from '../../src/checks/32-datapath.js';
import { BGP, DUAL, edited, HOMELAB, run } from './run-check.js';

const datapath = (...e: [string, unknown][]) => run(checkDatapath, edited(HOMELAB, ...e));
const lb = (o: object, ...e: [string, unknown][]) => datapath(['cilium.serviceLoadBalancing', o], ...e);
const MAGLEV = 'cilium.serviceLoadBalancing.maglevTableSize';
const SIZES = '251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071';
const ROUTE_BACK = (f: 4 | 6) => `warning: cilium.ipv${f}Masquerade: pods' IPv${f} traffic leaves the nodes with pod addresses, and nothing here makes the network route the pod CIDR back. `
  + 'Set loadBalancer.bgp.advertisePodCIDRs: true, or make sure the router has routes to each node\'s pod CIDR.';
const BPF_MASQ = 'needs eBPF host routing, which with masquerading on needs eBPF masquerading; bpfMasquerade is false. Set cilium.bpfMasquerade: true.';

describe('check 32: Maglev', () => {
  it('a size Cilium accepts (the nearest suggested), used only by the maglev algorithm', () => {
    expect(lb({ algorithm: 'maglev', maglevTableSize: 16381 })).toEqual([]);
    expect(lb({ algorithm: 'maglev', maglevTableSize: 16000 })).toEqual([
      `${MAGLEV}: 16000 is not a Maglev table size Cilium accepts (${SIZES}). Use one of them, e.g. 16381; it should exceed 100 × the backends of your largest Service.`,
    ]);
    expect(lb({ algorithm: 'maglev', maglevTableSize: 1 })[0]).toContain('e.g. 251;');
    // Halfway between two sizes the smaller is suggested; one past it the larger.
    expect(lb({ algorithm: 'maglev', maglevTableSize: 24565 })[0]).toContain('e.g. 16381;');
    expect(lb({ algorithm: 'maglev', maglevTableSize: 24566 })[0]).toContain('e.g. 32749;');
    expect(lb({ maglevTableSize: 16381 })).toEqual([
      `${MAGLEV}: the Maglev table size is only used by the maglev algorithm, and the algorithm is random. Set cilium.serviceLoadBalancing.algorithm: maglev, or remove maglevTableSize.`,
    ]);
  });
});

describe('check 32: DSR', () => {
  const TUNNEL = 'With tunnelling, DSR works only as dsrDispatch: geneve with tunnelProtocol: geneve; else use routingMode: native or mode: snat.';

  it('a dispatch without DSR is unused, unless per-Service annotations read it', () => {
    expect(lb({ mode: 'snat', dsrDispatch: 'geneve' })).toEqual([
      'cilium.serviceLoadBalancing.dsrDispatch: the DSR dispatch "geneve" is unused: the load-balancer mode is snat. Set cilium.serviceLoadBalancing.mode: dsr or hybrid, or remove dsrDispatch.',
    ]);
    expect(lb({ mode: 'snat' })).toEqual([]);
    expect(lb({ mode: 'snat', dsrDispatch: 'opt' }, ['cilium.values', { bpf: { lbModeAnnotation: true } }])).toEqual([]);
  });

  it('ipip from 1.19; with tunnelling only geneve over Geneve; geneve with native routing needs tunnelProtocol geneve', () => {
    expect(lb({ mode: 'dsr' })).toEqual([]);
    expect(lb({ mode: 'dsr', dsrDispatch: 'ipip' })).toEqual([]);
    expect(lb({ mode: 'hybrid', dsrDispatch: 'ipip' }, ['cilium.version', '1.18.10'])).toEqual([
      'cilium.serviceLoadBalancing.dsrDispatch: DSR dispatch ipip works on Cilium 1.18 only with XDP acceleration; the tcx datapath supports it from 1.19. '
        + 'Use dsrDispatch: opt or geneve, or Cilium 1.19 or later.',
    ]);
    expect(lb({ mode: 'dsr' }, ['cilium.routingMode', 'tunnel'])).toEqual([
      `cilium.serviceLoadBalancing.mode: dsr with dispatch opt (Cilium's default) needs native routing, and routingMode is tunnel (vxlan). ${TUNNEL}`,
    ]);
    expect(lb({ mode: 'dsr', dsrDispatch: 'geneve' }, ['cilium.routingMode', 'tunnel'])).toEqual([
      `cilium.serviceLoadBalancing.dsrDispatch: dsr with dispatch geneve needs native routing, and routingMode is tunnel (vxlan). ${TUNNEL}`,
    ]);
    expect(lb({ mode: 'dsr', dsrDispatch: 'geneve' }, ['cilium.routingMode', 'tunnel'], ['cilium.tunnelProtocol', 'geneve'])).toEqual([]);
    expect(lb({ mode: 'dsr', dsrDispatch: 'geneve' })).toEqual([
      'cilium.serviceLoadBalancing.dsrDispatch: DSR dispatch geneve with native routing needs tunnelProtocol: geneve (the agent builds its Geneve device from it). '
        + 'Set cilium.tunnelProtocol: geneve.',
    ]);
    expect(lb({ mode: 'dsr', dsrDispatch: 'geneve' }, ['cilium.tunnelProtocol', 'geneve'])).toEqual([]);
  });

  it('each rule holds for its dispatch only: 1.18 refuses ipip alone, and a Geneve tunnel helps geneve alone', () => {
    for (const dsrDispatch of [undefined, 'opt', 'geneve']) {
      expect(lb({ mode: 'dsr', dsrDispatch }, ['cilium.version', '1.18.10'], ['cilium.tunnelProtocol', 'geneve'])).toEqual([]);
    }
    expect(lb({ mode: 'hybrid' }, ['cilium.routingMode', 'tunnel'], ['cilium.tunnelProtocol', 'geneve'])).toEqual([
      `cilium.serviceLoadBalancing.mode: hybrid with dispatch opt (Cilium's default) needs native routing, and routingMode is tunnel (geneve). ${TUNNEL}`,
    ]);
    expect(lb({ mode: 'dsr', dsrDispatch: 'ipip' }, ['cilium.routingMode', 'tunnel'], ['cilium.tunnelProtocol', 'geneve'])).toEqual([
      `cilium.serviceLoadBalancing.dsrDispatch: dsr with dispatch ipip needs native routing, and routingMode is tunnel (geneve). ${TUNNEL}`,
    ]);
  });
});

describe('check 32: netkit, BIG TCP, BBR', () => {
  it('netkit and BIG TCP need eBPF masquerading while anything is masqueraded', () => {
    expect(datapath(['cilium.datapathMode', 'netkit'])).toEqual([`cilium.datapathMode: netkit ${BPF_MASQ}`]);
    expect(datapath(['cilium.datapathMode', 'netkit'], ['cilium.bpfMasquerade', true])).toEqual([]);
    expect(datapath(['cilium.datapathMode', 'netkit'], ['cilium.ipv4Masquerade', false])).toEqual([ROUTE_BACK(4)]);
    // Dual-stack: IPv6 masquerading alone still needs it.
    expect(run(checkDatapath, edited(DUAL, ['cilium.ipv4Masquerade', false], ['cilium.datapathMode', 'netkit']))).toEqual([`cilium.datapathMode: netkit ${BPF_MASQ}`, ROUTE_BACK(4)]);
    expect(run(checkDatapath, edited(DUAL, ['cilium.ipv4Masquerade', false], ['cilium.bpfMasquerade', true], ['cilium.datapathMode', 'netkit'], ['cilium.bigTCP', { ipv6: true }]))).toEqual([ROUTE_BACK(4)]);
  });

  it('BIG TCP: native routing, IPv6 only on a dual-stack cluster', () => {
    expect(datapath(['cilium.bigTCP', { ipv4: true, ipv6: true }], ['cilium.routingMode', 'tunnel'])).toEqual([
      'cilium.bigTCP.ipv4: BIG TCP needs native routing: encapsulated packets cannot exceed 64 KiB. Set cilium.routingMode: native, or turn BIG TCP off.',
      `cilium.bigTCP.ipv4: BIG TCP ${BPF_MASQ}`,
      'cilium.bigTCP.ipv6: IPv6 BIG TCP needs IPv6, and the cluster is IPv4 only. Remove bigTCP.ipv6, or add an IPv6 CIDR to k3s.clusterCidr.',
      'cilium.bigTCP.ipv6: BIG TCP needs native routing: encapsulated packets cannot exceed 64 KiB. Set cilium.routingMode: native, or turn BIG TCP off.',
      `cilium.bigTCP.ipv6: BIG TCP ${BPF_MASQ}`,
    ]);
    expect(datapath(['cilium.bigTCP', { ipv4: true }], ['cilium.bpfMasquerade', true])).toEqual([]);
  });

  it('BBR needs the bandwidth manager', () => {
    expect(datapath(['cilium.bbr', true], ['cilium.bandwidthManager', false])).toEqual([
      'cilium.bbr: BBR for pods is a feature of the bandwidth manager, which is off. Set cilium.bandwidthManager: true.',
    ]);
    expect(datapath(['cilium.bbr', true], ['cilium.bandwidthManager', true])).toEqual([]);
  });
});

describe('check 32: masquerading and the API rate limit', () => {
  it('masquerading off needs routed pod CIDRs; an IPv6 switch on IPv4 only and eBPF masquerading of nothing are warned', () => {
    expect(datapath(['cilium.ipv6Masquerade', false])).toEqual(['warning: cilium.ipv6Masquerade: the cluster is IPv4 only, so the IPv6 masquerade switch does nothing. Remove it.']);
    expect(datapath(['cilium.bpfMasquerade', true], ['cilium.ipv4Masquerade', false])).toEqual([
      ROUTE_BACK(4), 'warning: cilium.bpfMasquerade: nothing is masqueraded (every masquerade switch is off), so eBPF masquerading does nothing. Remove it.',
    ]);
    expect(run(checkDatapath, edited(DUAL, ['cilium.ipv4Masquerade', false], ['cilium.ipv6Masquerade', false]))).toEqual([ROUTE_BACK(4), ROUTE_BACK(6)]);
    expect(run(checkDatapath, edited(BGP, ['cilium.ipv4Masquerade', false]))).toEqual([]);
    expect(run(checkDatapath, edited(BGP, ['cilium.ipv4Masquerade', false], ['loadBalancer.bgp.advertisePodCIDRs', false]))).toEqual([ROUTE_BACK(4)]);
  });

  it('burst at least qps; qps at least services / renewDeadline when L2 leases are renewed', () => {
    const rate = (qps: number, burst: number, services?: number) => datapath(['cilium.k8sClientRateLimit', { qps, burst }], ['cilium.l2ServiceCount', services]);
    expect(rate(10, 9)).toEqual([
      'cilium.k8sClientRateLimit.burst: burst 9 is below qps 10; the client could never use its rate. Set burst to at least 10 (Cilium\'s own default is twice qps).',
    ]);
    expect(rate(10, 10)).toEqual([]);
    expect(rate(2, 2, 10)).toEqual([]);
    expect(rate(1, 1, 10)).toEqual([
      'warning: cilium.k8sClientRateLimit.qps: qps 1 is below the 2 that renewing 10 L2 leases every 5s needs (Cilium\'s L2 docs: services / leaseRenewDeadline). '
        + 'Leases would expire and announcements move between nodes: raise qps, or remove k8sClientRateLimit to have it sized.',
    ]);
    expect(rate(2, 2, 11)[0]).toContain('qps 2 is below the 3 that renewing 11 L2 leases every 5s needs');
    expect(run(checkDatapath, edited(BGP, ['cilium.k8sClientRateLimit', { qps: 1, burst: 1 }], ['cilium.l2ServiceCount', 100]))).toEqual([]);
  });
});
