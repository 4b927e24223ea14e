/**
 * Check 32: the prerequisites of the datapath fields, from upstream:
 * - Maglev: `maglev.tableSize` must be one of Cilium's primes and is read only with
 *   `algorithm: maglev` (Documentation/network/kubernetes/kubeproxy-free.rst "Maglev Consistent
 *   Hashing", ../shared/cilium/1.20.0/docs).
 * - DSR and hybrid: the dispatch must suit the routing mode (the same page, "DSR Dispatch Mode"
 *   table: `opt` and `ipip` native routing only, `geneve` native or Geneve tunnel, never VXLAN);
 *   Geneve dispatch with native routing needs `tunnelProtocol: geneve` (cilium/cilium#30854);
 *   `ipip` works without XDP from 1.19 (cilium/cilium#41269). A dispatch without DSR is unused.
 * - BBR needs the bandwidth manager (Documentation/network/kubernetes/bandwidth-manager.rst).
 * - netkit and BIG TCP need eBPF host routing, which needs eBPF masquerading when pods are
 *   masqueraded; BIG TCP needs native routing (no tunnel) and, for IPv6, IPv6 on
 *   (Documentation/operations/performance/tuning.rst). Kernel floors are PLAN.md's checklist.
 * - Masquerading off: the network must route the pod CIDR back to the nodes.
 * - An explicit API client rate limit has burst ≥ qps, and is not below what L2 leases need.
 */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import { MAGLEV_TABLE_SIZES } from '../model/cilium-datapath.js';
import type { ResolvedCluster } from '../model/resolved.js';

function maglevDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const { algorithm, maglevTableSize } = cluster.cilium.serviceLoadBalancing;
  if (maglevTableSize === undefined) return [];
  const path = at('cilium', 'serviceLoadBalancing', 'maglevTableSize');
  const out: Diagnostic[] = [];
  if (!MAGLEV_TABLE_SIZES.includes(maglevTableSize)) {
    const near = MAGLEV_TABLE_SIZES.reduce((best, size) => (Math.abs(size - maglevTableSize) < Math.abs(best - maglevTableSize) ? size : best));
    out.push(error(path, `${maglevTableSize} is not a Maglev table size Cilium accepts (${MAGLEV_TABLE_SIZES.join(', ')})`,
      `Use one of them, e.g. ${near}; it should exceed 100 × the backends of your largest Service.`));
  }
  if (algorithm !== 'maglev') {
    out.push(error(path, 'the Maglev table size is only used by the maglev algorithm, and the algorithm is random',
      'Set cilium.serviceLoadBalancing.algorithm: maglev, or remove maglevTableSize.'));
  }
  return out;
}

function dsrDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const c = cluster.cilium;
  const { mode, dsrDispatch } = c.serviceLoadBalancing;
  const path = at('cilium', 'serviceLoadBalancing', 'dsrDispatch');
  if (mode === 'snat') {
    // Per-Service DSR (service.cilium.io/forwarding-mode) reads the dispatch too.
    const annotations = (c.overlay.bpf as Record<string, unknown> | undefined)?.lbModeAnnotation === true;
    return dsrDispatch !== undefined && !annotations
      ? [error(path, `the DSR dispatch "${dsrDispatch}" is unused: the load-balancer mode is snat`,
        'Set cilium.serviceLoadBalancing.mode: dsr or hybrid, or remove dsrDispatch.')]
      : [];
  }
  const dispatch = dsrDispatch ?? 'opt';
  const modePath = at('cilium', 'serviceLoadBalancing', 'mode');
  if (dispatch === 'ipip' && !c.caps.dsrDispatchIpip) {
    return [error(path, `DSR dispatch ipip works on Cilium ${c.caps.minor} only with XDP acceleration; the tcx datapath supports it from 1.19`,
      'Use dsrDispatch: opt or geneve, or Cilium 1.19 or later.')];
  }
  if (c.routingMode === 'tunnel') {
    if (dispatch === 'geneve' && c.tunnelProtocol === 'geneve') return [];
    return [error(dsrDispatch === undefined ? modePath : path,
      `${mode} with dispatch ${dispatch}${dsrDispatch === undefined ? ' (Cilium\'s default)' : ''} needs native routing, and routingMode is tunnel (${c.tunnelProtocol})`,
      'With tunnelling, DSR works only as dsrDispatch: geneve with tunnelProtocol: geneve; else use routingMode: native or mode: snat.')];
  }
  if (dispatch === 'geneve' && c.tunnelProtocol !== 'geneve') {
    return [error(path, 'DSR dispatch geneve with native routing needs tunnelProtocol: geneve (the agent builds its Geneve device from it)',
      'Set cilium.tunnelProtocol: geneve.')];
  }
  return [];
}

/** Whether pods' traffic is masqueraded in some family (then eBPF host routing needs eBPF masquerading). */
function masquerades(cluster: ResolvedCluster): boolean {
  return cluster.cilium.ipv4Masquerade || (cluster.dualStack && cluster.cilium.ipv6Masquerade);
}

function hostRoutingDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const c = cluster.cilium;
  const out: Diagnostic[] = [];
  const needsBpfMasquerade = masquerades(cluster) && !c.bpfMasquerade;
  if (c.datapathMode !== 'veth' && needsBpfMasquerade) {
    out.push(error(at('cilium', 'datapathMode'), `${c.datapathMode} needs eBPF host routing, which with masquerading on needs eBPF masquerading; bpfMasquerade is false`,
      'Set cilium.bpfMasquerade: true.'));
  }
  const big = (['ipv4', 'ipv6'] as const).filter((f) => c.bigTCP[f]);
  for (const family of big) {
    const path = at('cilium', 'bigTCP', family);
    if (family === 'ipv6' && !cluster.dualStack) {
      out.push(error(path, 'IPv6 BIG TCP needs IPv6, and the cluster is IPv4 only', 'Remove bigTCP.ipv6, or add an IPv6 CIDR to k3s.clusterCidr.'));
    }
    if (c.routingMode === 'tunnel') {
      out.push(error(path, 'BIG TCP needs native routing: encapsulated packets cannot exceed 64 KiB', 'Set cilium.routingMode: native, or turn BIG TCP off.'));
    }
    if (needsBpfMasquerade) {
      out.push(error(path, 'BIG TCP needs eBPF host routing, which with masquerading on needs eBPF masquerading; bpfMasquerade is false',
        'Set cilium.bpfMasquerade: true.'));
    }
  }
  if (c.bbr && !c.bandwidthManager) {
    out.push(error(at('cilium', 'bbr'), 'BBR for pods is a feature of the bandwidth manager, which is off', 'Set cilium.bandwidthManager: true.'));
  }
  return out;
}

function masqueradeDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const c = cluster.cilium;
  const out: Diagnostic[] = [];
  const routed = cluster.bgp?.advertisePodCIDRs === true;
  const off = [...(!c.ipv4Masquerade ? [['ipv4Masquerade', 'IPv4'] as const] : []), ...(cluster.dualStack && !c.ipv6Masquerade ? [['ipv6Masquerade', 'IPv6'] as const] : [])];
  for (const [field, family] of off) {
    if (!routed) {
      out.push(warning(at('cilium', field), `pods' ${family} traffic leaves the nodes with pod addresses, and nothing here makes the network route the pod CIDR back`,
        'Set loadBalancer.bgp.advertisePodCIDRs: true, or make sure the router has routes to each node\'s pod CIDR.'));
    }
  }
  if (!c.ipv6Masquerade && !cluster.dualStack) {
    out.push(warning(at('cilium', 'ipv6Masquerade'), 'the cluster is IPv4 only, so the IPv6 masquerade switch does nothing', 'Remove it.'));
  }
  if (c.bpfMasquerade && !masquerades(cluster)) {
    out.push(warning(at('cilium', 'bpfMasquerade'), 'nothing is masqueraded (every masquerade switch is off), so eBPF masquerading does nothing', 'Remove it.'));
  }
  return out;
}

function rateLimitDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const explicit = cluster.spec.cilium.k8sClientRateLimit;
  if (!explicit) return [];
  const out: Diagnostic[] = [];
  if (explicit.burst < explicit.qps) {
    out.push(error(at('cilium', 'k8sClientRateLimit', 'burst'), `burst ${explicit.burst} is below qps ${explicit.qps}; the client could never use its rate`,
      `Set burst to at least ${explicit.qps} (Cilium's own default is twice qps).`));
  }
  const r = cluster.rateLimit;
  const needed = Math.ceil(r.services / r.renewDeadlineSeconds);
  if (cluster.l2Policies.length > 0 && explicit.qps < needed) {
    out.push(warning(at('cilium', 'k8sClientRateLimit', 'qps'),
      `qps ${explicit.qps} is below the ${needed} that renewing ${r.services} L2 leases every ${r.renewDeadlineSeconds}s needs (Cilium's L2 docs: services / leaseRenewDeadline)`,
      'Leases would expire and announcements move between nodes: raise qps, or remove k8sClientRateLimit to have it sized.'));
  }
  return out;
}

export function checkDatapath(cluster: ResolvedCluster): Diagnostic[] {
  return [
    ...maglevDiagnostics(cluster), ...dsrDiagnostics(cluster), ...hostRoutingDiagnostics(cluster),
    ...masqueradeDiagnostics(cluster), ...rateLimitDiagnostics(cluster),
  ];
}
