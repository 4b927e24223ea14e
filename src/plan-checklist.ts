/**
 * The end of PLAN.md: what a person runs after deploying, filled in with this cluster's addresses,
 * interfaces, pools and reservations. Only commands documented for the supported releases
 * (Cilium's l2-announcements, lb-ipam and kubeproxy-free guides, `cilium-dbg`); the post's
 * `cilium l2announce` commands do not exist. A test checks each `cilium-dbg` line against the docs.
 */
import { parseIp, rangeContains } from '../constructs/ip.js';
import type { ResolvedCluster } from '../constructs/resolved-cluster.js';
import { RpFilterDaemonSet } from '../constructs/rp-filter-daemon-set.js';
import { compileRe2, re2Matches } from '../constructs/validation/regex.js';
import { l2Announcers } from './plan.js';

/** Reservations walked through one by one; the rest repeat the same commands. */
const CHECKED_RESERVATIONS = 10;

const AGENT = 'kubectl -n kube-system exec ds/cilium --';

function code(lines: string[]): string {
  return ['```sh', ...lines, '```'].join('\n');
}

function step(n: number, title: string, body: string[]): string {
  return [`${n}. ${title}`, '', ...body.map((b) => b.split('\n').map((l) => (l ? `   ${l}` : l)).join('\n'))].join('\n');
}

/** Interfaces of a node the rp-filter DaemonSet sets (the same patterns, matched as RE2 = ERE here). */
function rpFilterInterfaces(cluster: ResolvedCluster, interfaces: string[]): string[] {
  const patterns = cluster.sysctlInterfaces.map(compileRe2).flatMap((r) => ('re' in r ? [r.re] : []));
  return interfaces.filter((i) => patterns.some((re) => re2Matches(re, i)));
}

function reservationSteps(cluster: ResolvedCluster): [string, string[]][] {
  const l2 = cluster.pools.filter((p) => p.l2);
  const announcers = new Map(l2.map((p) => [p, l2Announcers(cluster, p)]));
  return cluster.reservations.slice(0, CHECKED_RESERVATIONS).map((r) => {
    const [namespace, name] = r.service.split('/');
    const ip = parseIp(r.ip);
    const pool = l2.find((p) => p.blocks.some((b) => b.range && ip && b.range.family === ip.family && b.range.first <= ip.value && ip.value <= b.range.last));
    const lines = [
      `kubectl -n ${namespace} get svc ${name}          # EXTERNAL-IP ${r.ip} (annotation lbipam.cilium.io/ips: "${r.ip}")`,
      `${AGENT} cilium-dbg service list | grep ${r.ip}    # a LoadBalancer entry for ${r.ip}`,
    ];
    if (pool && ip) {
      const nodes = [...new Set(announcers.get(pool)!.flatMap((a) => a.nodes))];
      const ifaces = [...new Set(nodes.flatMap((n) => n.interfaces))];
      const segment = cluster.nodes.find((n) => nodes.some((a) => a.name === n.name) && n.subnet && rangeContains(n.subnet, { family: ip.family, first: ip.value, last: ip.value }))?.subnet?.canonical ?? 'the segment';
      lines.push(
        `kubectl -n kube-system get lease cilium-l2announce-${namespace}-${name}    # HOLDER is one of: ${nodes.map((n) => n.name).join(', ') || '(no node)'}`,
        `kubectl -n kube-system get pod -l app.kubernetes.io/name=cilium-agent -o wide --field-selector spec.nodeName=<holder>`,
        `kubectl -n kube-system exec pod/<agent-pod> -- cilium-dbg shell -- db/show l2-announce    # ${r.ip} on ${ifaces.join(' or ') || 'the announcing interface'}`,
        ip.family === 4
          ? `arping -I <interface> ${r.ip}    # from another host on ${segment}: replies come from the holder's MAC`
          : `ndisc6 ${r.ip} <interface>    # from another host on ${segment}: the holder's MAC answers`,
      );
    }
    return [`\`${r.service}\` has ${r.ip}${pool ? ` (pool ${pool.name}, announced over L2)` : ''}:`, [code(lines)]] as [string, string[]];
  });
}

export function verificationChecklist(cluster: ResolvedCluster): string {
  const steps: [string, string[]][] = [];
  const hasL2 = cluster.l2Policies.length > 0;
  steps.push(['Cilium replaces kube-proxy' + (hasL2 ? ' and runs L2 announcements:' : ':'), [code([
    `${AGENT} cilium-dbg status | grep KubeProxyReplacement          # True`,
    ...(hasL2 ? [`${AGENT} cilium-dbg config --all | grep EnableL2Announcements    # true`] : []),
  ])]]);
  if (cluster.pools.length > 0) {
    steps.push([`Every pool is there and none is conflicting (${cluster.pools.map((p) => p.name).join(', ')}):`, [code([
      'kubectl get ippools    # CONFLICTING False for each',
      ...cluster.pools.map((p) => `kubectl get ippools/${p.name} -o jsonpath='{.status.conditions[?(@.type=="cilium.io/PoolConflict")].status}'    # False`),
    ])]]);
  }
  if (hasL2) {
    const ifaces = [...new Set(cluster.pools.filter((p) => p.l2).flatMap((p) => l2Announcers(cluster, p)).flatMap((a) => a.nodes.flatMap((n) => n.interfaces)))];
    steps.push([`The L2 policies exist and their interfaces are Cilium devices (${ifaces.join(', ') || 'none matched'}):`, [code([
      `kubectl get CiliumL2AnnouncementPolicy    # ${cluster.l2Policies.map((p) => p.name).join(', ')}`,
      `${AGENT} cilium-dbg shell -- db/show devices    # Selected true for ${ifaces.join(', ') || 'the announcing interfaces'}`,
    ])]]);
  }
  steps.push(...reservationSteps(cluster));
  const more = cluster.reservations.length - CHECKED_RESERVATIONS;
  const rp = cluster.nodes.map((n) => {
    const ifaces = rpFilterInterfaces(cluster, n.interfaces);
    return `sysctl ${['all', ...ifaces].map((i) => `net.ipv4.conf.${i}.rp_filter`).join(' ')}    # on ${n.name}: all = 0${ifaces.length ? `, ${ifaces.join(', ')} = ${cluster.rpFilter}` : ''}`;
  });
  steps.push(
    ['rp_filter is not strict on the uplinks (the rp-filter DaemonSet logs every correction):', [code([
      ...rp,
      `kubectl -n kube-system logs ds/${RpFilterDaemonSet.NAME} -c watch`,
    ])]],
  );
  if (hasL2) {
    steps.push([`The API client is not throttled (qps ${cluster.rateLimit.qps}, burst ${cluster.rateLimit.burst}):`, [code([
      'kubectl -n kube-system logs ds/cilium | grep "client-side throttling"    # no output',
    ])]]);
  }
  return [
    '## Verification checklist',
    'After deploying, on a machine with kubectl access (and a shell on the nodes for sysctl):'
      + (more > 0 ? ` the first ${CHECKED_RESERVATIONS} pinned Services are listed; check the other ${more} the same way.` : ''),
    ...steps.map(([title, body], i) => step(i + 1, title, body)),
  ].join('\n\n');
}
