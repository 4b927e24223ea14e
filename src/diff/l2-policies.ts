/**
 * L2 announcement policies by name: added, removed, and what they announce. A policy's
 * `serviceSelector` decides which Services it answers ARP/NDP for (Cilium's L2 announcer skips a
 * Service the selector does not match: pkg/l2announcer/l2announcer.go), so a narrower selector
 * silently stops announcing every Service outside it, whatever pool it comes from. Which nodes and
 * interfaces answer for a pool is announcements.ts's.
 */
import { describeSelector, selectorMatches } from '../model/selectors.js';
import type { ResolvedCluster, ResolvedL2Policy } from '../model/resolved.js';
import type { Change } from './review.js';
import { sameSelection, selectsAtLeast } from './selectors.js';
import { codeSpan as code } from '../text/markdown.js';

const list = (items: readonly string[]) => items.map(code).join(', ');

/** `node (iface)` of every node and interface the policy lets answer. */
function answerers(p: ResolvedL2Policy): string[] {
  return p.announcers.flatMap((a) => a.interfaces.map((i) => `${a.node.name} (${i})`));
}

/** What the policy announces, in words. */
function announces(p: ResolvedL2Policy): string {
  const what = [...(p.loadBalancerIPs ? ['LoadBalancer IPs'] : []), ...(p.externalIPs ? ['external IPs'] : [])].join(' and ') || 'nothing';
  return `${what} of ${describeSelector(p.serviceSelector, 'every Service')}`;
}

export function l2PolicyChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const out: Change[] = [];
  for (const policy of before.l2Policies) {
    const next = after.l2Policies.find((p) => p.name === policy.name);
    if (!next) {
      const was = answerers(policy);
      out.push({
        level: was.length > 0 ? 'breaking' : 'safe', topics: ['l2', 'neighbours'],
        text: `L2 policy ${code(policy.name)} is removed: it announced ${announces(policy)}`
          + `${was.length ? ` from ${list(was)}; those stop answering ARP/NDP for them unless another policy covers the same Service, node and interface` : ''}.`,
      });
      continue;
    }
    if (sameSelection(policy.serviceSelector, next.serviceSelector)) continue;
    const narrower = !selectsAtLeast(policy.serviceSelector, next.serviceSelector);
    const dropped = before.reservations.filter(
      (r) => selectorMatches(policy.serviceSelector, r.selectorLabels) && !selectorMatches(next.serviceSelector, r.selectorLabels),
    );
    out.push({
      level: narrower ? 'breaking' : 'safe', topics: ['l2', 'neighbours'], services: dropped.map((r) => r.service),
      text: `L2 policy ${code(policy.name)} announces other Services: ${describeSelector(policy.serviceSelector, 'every Service')} → `
        + `${describeSelector(next.serviceSelector, 'every Service')}`
        + `${narrower ? `; every Service it no longer selects stops getting ARP/NDP answers from ${list(answerers(policy)) || 'its nodes'}` : ' (it selects at least what it did)'}.`,
      ...(dropped.length ? { details: dropped.map((r) => `${code(r.service)} (${r.ip}) is no longer announced by it.`) } : {}),
    });
  }
  for (const policy of after.l2Policies.filter((p) => !before.l2Policies.some((b) => b.name === p.name))) {
    const is = answerers(policy);
    out.push({
      level: 'safe', topics: ['l2'],
      text: `New L2 policy ${code(policy.name)}: announces ${announces(policy)}${is.length ? ` from ${list(is)}` : ', from no node yet'}.`,
    });
  }
  return out;
}
