/**
 * The end of PLAN.md: what a person runs after deploying, filled in with this cluster's addresses,
 * interfaces, pools and reservations. Only commands documented for the supported releases
 * (Cilium's l2-announcements, lb-ipam, kubeproxy-free and BGP configuration guides, `cilium-dbg`,
 * and the cilium CLI's `cilium bgp peers`); the post's `cilium l2announce` commands do not exist.
 * BGP objects are read with `kubectl get` on the plural names of the 1.20 CRDs. A test checks each
 * `cilium-dbg` and `cilium bgp` line against the docs and each BGP resource against the CRDs.
 */
import { KERNEL_FLOORS } from '../model/cilium-datapath.js';
import { RP_FILTER_NAME } from '../model/defaults.js';
import { formatRange, IpFamily, IpRange, rangeContains, rangesOverlap } from '../model/ip.js';
import { POD_CIDR_ADVERTISEMENT } from '../model/resolve/bgp.js';
import type { BgpFamily, ResolvedBgpPeer, ResolvedCluster, ResolvedPool } from '../model/resolved.js';
import { cappedList, codeSpan, escapeMarkdown, numberedStep, shellBlock } from '../text/markdown.js';

/** Reservations walked through one by one; the rest repeat the same commands. */
const CHECKED_RESERVATIONS = 10;
/** Node names listed in a command's comment before "+N more". */
const NODES_PER_COMMENT = 10;

const AGENT = 'kubectl -n kube-system exec ds/cilium --';

const code = shellBlock;

const bgpFamily = (family: IpFamily): BgpFamily => (family === 4 ? 'ipv4' : 'ipv6');

/** The L2 subnet of an announcing node that holds `range` (any address of a dual-stack node), for "from another host on …". */
function segmentOf(cluster: ResolvedCluster, nodeNames: readonly string[], range: IpRange): string {
  const subnets = cluster.nodes.filter((n) => nodeNames.includes(n.name)).flatMap((n) => n.addresses.flatMap((a) => (a.subnet ? [a.subnet] : [])));
  return subnets.find((s) => rangeContains(s, range))?.canonical ?? subnets.find((s) => rangesOverlap(s, range))?.canonical ?? 'the segment';
}

/** The nodes (with their interfaces) that answer for a pool over L2, every serving policy's in turn. */
function announcersOf(pool: ResolvedPool) {
  return pool.servingPolicies.flatMap((p) => p.announcers);
}

/** Commands that show which MAC answers for an address: ARP for IPv4, NDP for IPv6 (`<…>` are placeholders). */
function neighbourLines(family: IpFamily, ip: string, segment: string): string[] {
  return family === 4
    ? [`arping -I <interface> ${ip}    # from another host on ${segment}: replies come from the holder's MAC`]
    : [
      `ndisc6 ${ip} <interface>    # from another host on ${segment}: the holder's MAC answers`,
      `ip -6 neigh show ${ip}    # on that host afterwards: lladdr is the holder's MAC`,
    ];
}

/** The routers that receive the route to one address of a BGP pool (peers of its family), as `tor-a, tor-b`. */
function routersFor(pool: ResolvedPool, family: IpFamily): string {
  return (pool.bgpAdvertisement?.peers ?? []).filter((p) => p.families.includes(bgpFamily(family))).map((p) => p.peer.name).join(', ') || 'the routers';
}

/** What a checklist step verifies, so a change review can pick the steps a change makes relevant. */
export type ChecklistTopic = 'cilium' | 'pools' | 'l2' | 'bgp' | 'neighbours' | 'reservation' | 'rp-filter' | 'rate-limit';

/** One numbered step of the verification checklist. */
export interface ChecklistStep {
  readonly topic: ChecklistTopic;
  /** The pinned Service a reservation step walks through. */
  readonly subject?: string;
  readonly title: string;
  readonly body: readonly string[];
}

function reservationSteps(cluster: ResolvedCluster): ChecklistStep[] {
  return cluster.reservations.slice(0, CHECKED_RESERVATIONS).map((r) => {
    const { namespace, serviceName: name, address: ip } = r;
    const pool = r.pools.find((p) => p.l2);
    const bgpPool = r.pools.find((p) => p.bgpAdvertisement);
    const lines = [
      `kubectl -n ${namespace} get svc ${name}          # EXTERNAL-IP ${r.ip} (annotation lbipam.cilium.io/ips: "${r.ip}")`,
      `${AGENT} cilium-dbg service list | grep ${r.ip}    # a LoadBalancer entry for ${r.ip}`,
    ];
    if (pool && ip) {
      const announcers = announcersOf(pool);
      const ifaces = [...new Set(announcers.flatMap((a) => a.interfaces))];
      const names = announcers.map((a) => a.node.name);
      const segment = segmentOf(cluster, names, { family: ip.family, first: ip.value, last: ip.value });
      lines.push(
        `kubectl -n kube-system get lease cilium-l2announce-${namespace}-${name}    # HOLDER is one of: ${names.join(', ') || '(no node)'}`,
        `kubectl -n kube-system get pod -l app.kubernetes.io/name=cilium-agent -o wide --field-selector spec.nodeName=<holder>`,
        'kubectl -n kube-system exec pod/<agent-pod> -- cilium-dbg shell -- db/show l2-announce    '
          + `# ${r.ip} on ${ifaces.join(' or ') || 'the announcing interface'}`,
        ...neighbourLines(ip.family, r.ip, segment),
      );
    }
    if (bgpPool && ip) {
      lines.push(`# on ${routersFor(bgpPool, ip.family)}: a route to ${r.ip}/${ip.family === 4 ? 32 : 128} whose next hops are BGP nodes`);
    }
    // A pool announced neither way is named too: it is why the step walks through nothing but the Service.
    const how = [...(pool ? ['announced over L2'] : []), ...(bgpPool ? ['advertised over BGP'] : [])].join(' and ') || 'not announced';
    const which = pool ?? bgpPool ?? r.pools[0];
    const title = `${codeSpan(r.service)} has ${r.ip}${which ? ` (pool ${escapeMarkdown(which.name)}, ${how})` : ''}:`;
    return { topic: 'reservation', subject: r.service, title, body: [code(lines)] };
  });
}

/**
 * ARP/NDP for the families of L2 pools that no walked-through reservation covers, so a
 * dual-stack cluster without pins still gets an NDP check.
 */
function l2NeighbourStep(cluster: ResolvedCluster): ChecklistStep | undefined {
  const l2 = cluster.pools.filter((p) => p.l2);
  const covered = new Set(cluster.reservations.slice(0, CHECKED_RESERVATIONS)
    .flatMap((r) => (r.address && r.pools.some((p) => p.l2) ? [r.address.family] : [])));
  const ranges: string[] = [];
  const lines: string[] = [];
  for (const family of [4, 6] as const) {
    if (covered.has(family)) continue;
    const blocks = l2.flatMap((p) => p.blocks.flatMap((b) => (b.range?.family === family ? [{ pool: p, range: b.range }] : [])));
    if (blocks.length === 0) continue;
    const nodes = [...new Set(blocks.flatMap((b) => announcersOf(b.pool).map((a) => a.node.name)))];
    ranges.push(...blocks.map((b) => formatRange(b.range)));
    lines.push(...neighbourLines(family, `<IPv${family} EXTERNAL-IP>`, segmentOf(cluster, nodes, blocks[0].range)));
  }
  if (lines.length === 0) return undefined;
  lines.unshift(`kubectl get svc -A | grep LoadBalancer    # EXTERNAL-IPs in ${cappedList(ranges, NODES_PER_COMMENT)}`);
  return { topic: 'neighbours', title: 'A LoadBalancer IP of an L2 pool answers from its lease holder (ARP for IPv4, NDP for IPv6):', body: [code(lines)] };
}

/** What `cilium bgp peers` shows for one peer once its session is up. */
function peerSession(peer: ResolvedBgpPeer): string {
  const families = (peer.peerConfig?.families ?? []).map((f) => `${f}/unicast`).join(' ');
  return `${peer.address} (${peer.name}) Peer AS ${peer.asn} established ${families}`;
}

/** The BGP objects, the operator's per-node configs, and the sessions, filled in with this cluster's names. */
function bgpSteps(cluster: ResolvedCluster): ChecklistStep[] {
  const bgp = cluster.bgp;
  if (!bgp) return [];
  const pools = cluster.pools.filter((p) => p.bgpAdvertisement);
  const advertisements = [...pools.map((p) => p.bgpAdvertisement!.name), ...(bgp.advertisePodCIDRs ? [POD_CIDR_ADVERTISEMENT] : [])];
  const overrides = bgp.nodeOverrides.map((o) => o.node.name);
  const speakers = bgp.speakers.map((n) => n.name);
  const speakerText = cappedList(speakers, NODES_PER_COMMENT) || 'none';
  const routes = pools.map((p) => `${p.name} (${p.blocks.filter((b) => b.range).map((b) => b.cidr ?? formatRange(b.range!)).join(', ')})`);
  const prefixes = [...new Set(pools.flatMap((p) => p.blocks.flatMap((b) => (b.range ? [b.range.family] : []))))].sort().map((f) => (f === 4 ? '/32' : '/128'));
  // A peer receives the BGP pools' routes when its peer config negotiates one of their families.
  const poolFamilies = new Set(pools.flatMap((p) => p.families));
  const routers = bgp.peers.filter((peer) => peer.peerConfig?.families.some((f) => poolFamilies.has(f))).map((peer) => peer.name);
  const routerCheck = `On ${escapeMarkdown(cappedList(routers, NODES_PER_COMMENT) || 'the routers')}: `
    + `each LoadBalancer IP in ${escapeMarkdown(cappedList(routes, NODES_PER_COMMENT))} `
    + `is a ${prefixes.join(' or ')} route whose next hops are BGP nodes`
    + `${bgp.advertisePodCIDRs ? ', and each BGP node\'s pod CIDR is a route to that node' : ''}.`;
  return [
    { topic: 'bgp', title: 'The BGP objects exist, and the operator made a node config for every BGP node:', body: [code([
      `kubectl get ciliumbgpclusterconfigs    # ${cluster.name}`,
      `kubectl get ciliumbgppeerconfigs    # ${bgp.peerConfigs.map((c) => c.name).join(', ')}`,
      `kubectl get ciliumbgpadvertisements    # ${cappedList(advertisements, NODES_PER_COMMENT) || 'none'}`,
      ...(overrides.length ? [`kubectl get ciliumbgpnodeconfigoverrides    # ${cappedList(overrides, NODES_PER_COMMENT)}`] : []),
      `kubectl get ciliumbgpnodeconfigs    # ${speakerText}`,
    ])] },
    { topic: 'bgp', title: `Every BGP node has its sessions up (Local AS ${bgp.localASN}):`, body: [
      code([
        `cilium bgp peers    # on ${speakerText}, each of: ${bgp.peers.map(peerSession).join(', ')}`,
      ]),
      ...(routes.length ? ['', routerCheck] : []),
    ] },
  ];
}

/** Run-time prerequisites of the chosen features: kernel floors, the datastore endpoint, Gateway API CRDs. */
function nodePrerequisites(cluster: ResolvedCluster): string[] {
  const c = cluster.cilium;
  const floors = [
    ...(c.datapathMode !== 'veth' ? [['netkit', KERNEL_FLOORS.netkit.version]] : []),
    ...(c.bigTCP.ipv4 ? [['IPv4 BIG TCP', KERNEL_FLOORS.bigTcpIpv4.version]] : []),
    ...(c.bigTCP.ipv6 ? [['IPv6 BIG TCP', KERNEL_FLOORS.bigTcpIpv6.version]] : []),
    ...(c.bbr ? [['BBR', KERNEL_FLOORS.bbr.version]] : []),
  ];
  const lines: string[] = [];
  if (floors.length > 0) {
    const [feature, floor] = floors.reduce((a, b) => (Number(b[1].split('.')[0]) * 100 + Number(b[1].split('.')[1]) > Number(a[1].split('.')[0]) * 100 + Number(a[1].split('.')[1]) ? b : a));
    lines.push(`uname -r    # at least ${floor} (${feature}${floors.length > 1 ? `; also ${floors.filter(([f]) => f !== feature).map(([f, v]) => `${f} ${v}`).join(', ')}` : ''})`);
  }
  if (c.bigTCP.ipv4 || c.bigTCP.ipv6) lines.push('ethtool -i <uplink> | grep driver    # BIG TCP needs a NIC driver that supports it (mlx4, mlx5, ice)');
  const d = cluster.k3s.datastore;
  if (d.type === 'external' && d.endpoint === undefined) {
    lines.push('grep -c K3S_DATASTORE_ENDPOINT /etc/systemd/system/k3s.service.env    # on each server: 1 (the endpoint, with its password, lives only there)');
  }
  if (c.gatewayAPI.enabled && c.gatewayAPI.crds === 'user') {
    lines.push('kubectl get crd gatewayclasses.gateway.networking.k8s.io gateways.gateway.networking.k8s.io httproutes.gateway.networking.k8s.io '
      + 'referencegrants.gateway.networking.k8s.io grpcroutes.gateway.networking.k8s.io tlsroutes.gateway.networking.k8s.io    # once: all exist before Cilium starts');
  }
  return lines;
}

/** Every step of the checklist, in order. */
export function checklistSteps(cluster: ResolvedCluster): ChecklistStep[] {
  const steps: ChecklistStep[] = [];
  const hasL2 = cluster.l2Policies.length > 0;
  const features = [...(hasL2 ? ['L2 announcements'] : []), ...(cluster.bgp ? ['the BGP control plane'] : [])];
  steps.push({ topic: 'cilium', title: `Cilium replaces kube-proxy${features.length ? ` and runs ${features.join(' and ')}` : ''}:`, body: [code([
    `${AGENT} cilium-dbg status | grep KubeProxyReplacement          # True`,
    ...(hasL2 ? [`${AGENT} cilium-dbg config --all | grep EnableL2Announcements    # true`] : []),
    ...(cluster.bgp ? [`${AGENT} cilium-dbg config --all | grep EnableBGPControlPlane    # true`] : []),
  ])] });
  const prerequisites = nodePrerequisites(cluster);
  if (prerequisites.length > 0) {
    steps.push({ topic: 'cilium', title: 'What the cluster file cannot know holds on the nodes (run on each node, or once where noted):', body: [code(prerequisites)] });
  }
  if (cluster.pools.length > 0) {
    steps.push({
      topic: 'pools',
      title: `Every pool is there and none is conflicting (${escapeMarkdown(cluster.pools.map((p) => p.name).join(', '))}):`,
      body: [
        code([
          'kubectl get ippools    # CONFLICTING False for each',
          ...cluster.pools.map(
            (p) => `kubectl get ippools/${p.name} -o jsonpath='{.status.conditions[?(@.type=="cilium.io/PoolConflict")].status}'    # False`,
          ),
        ]),
      ],
    });
  }
  if (hasL2) {
    const ifaces = [...new Set(cluster.pools.filter((p) => p.l2).flatMap(announcersOf).flatMap((a) => a.interfaces))];
    steps.push({
      topic: 'l2',
      title: `The L2 policies exist and their interfaces are Cilium devices (${escapeMarkdown(ifaces.join(', ') || 'none matched')}):`,
      body: [
        code([
          `kubectl get CiliumL2AnnouncementPolicy    # ${cluster.l2Policies.map((p) => p.name).join(', ')}`,
          `${AGENT} cilium-dbg shell -- db/show devices    # Selected true for ${ifaces.join(', ') || 'the announcing interfaces'}`,
        ]),
      ],
    });
  }
  steps.push(...bgpSteps(cluster));
  const neighbours = l2NeighbourStep(cluster);
  if (neighbours) steps.push(neighbours);
  steps.push(...reservationSteps(cluster));
  const rp = cluster.nodes.map((n) => {
    const ifaces = n.rpFilterInterfaces;
    const keys = ['all', ...ifaces].map((i) => `net.ipv4.conf.${i}.rp_filter`).join(' ');
    return `sysctl ${keys}    # on ${n.name}: all = 0${ifaces.length ? `, ${ifaces.join(', ')} = ${cluster.sysctls.rpFilter}` : ''}`;
  });
  steps.push({ topic: 'rp-filter', title: 'rp_filter is not strict on the uplinks (the rp-filter DaemonSet logs every correction):', body: [code([
    ...rp,
    `kubectl -n kube-system logs ds/${RP_FILTER_NAME} -c watch`,
  ])] });
  if (hasL2) {
    steps.push({ topic: 'rate-limit', title: `The API client is not throttled (qps ${cluster.rateLimit.qps}, burst ${cluster.rateLimit.burst}):`, body: [code([
      'kubectl -n kube-system logs ds/cilium | grep "client-side throttling"    # no output',
    ])] });
  }
  return steps;
}

/** Numbered steps as Markdown. */
export function renderSteps(steps: readonly ChecklistStep[]): string[] {
  return steps.map((s, i) => numberedStep(i + 1, s.title, s.body));
}

export function verificationChecklist(cluster: ResolvedCluster): string {
  const more = cluster.reservations.length - CHECKED_RESERVATIONS;
  return [
    '## Verification checklist',
    `After deploying, on a machine with kubectl access${cluster.bgp ? ' and the cilium CLI' : ''} (and a shell on the nodes for sysctl):`
      + (more > 0 ? ` the first ${CHECKED_RESERVATIONS} pinned Services are listed; check the other ${more} the same way.` : ''),
    ...renderSteps(checklistSteps(cluster)),
  ].join('\n\n');
}
