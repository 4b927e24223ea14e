/** The review of one cluster: every comparer's changes, the pool plan before → after, and the checklist steps they make relevant. */
import type { ResolvedCluster } from '../model/resolved.js';
import { checklistSteps } from '../plan/checklist.js';
import { announcementChanges } from './announcements.js';
import { bgpChanges } from './bgp.js';
import { ciliumChanges } from './cilium.js';
import { k3sChanges } from './k3s.js';
import { l2PolicyChanges } from './l2-policies.js';
import { poolChanges, poolPlan } from './pools.js';
import { reservationChanges } from './reservations.js';
import { CHANGE_LEVELS, Change, ClusterReview } from './review.js';
import { upgradeChanges, type UpgradeInputs } from './upgrade.js';
import { codeSpan as code } from '../text/markdown.js';

function sysctlChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const [a, b] = [before.sysctls, after.sysctls];
  if (a.rpFilter === b.rpFilter && a.interfaces.join('\n') === b.interfaces.join('\n')) return [];
  return [
    {
      level: 'safe',
      topics: ['rp-filter'],
      text: `rp_filter becomes ${b.rpFilter} on ${b.interfaces.map((i) => `${code(i)}`).join(', ')} (was ${a.rpFilter} on ${a.interfaces.map((i) => `${code(i)}`).join(', ')}): the rp-filter DaemonSet rolls out.`,
    },
  ];
}

/**
 * Compares two versions of one cluster (either may be absent: added or removed). `changedFiles` are
 * the rendered files that differ (or a function computing them), so a change no comparer words is still reported; `upgrade` what
 * the upgrade review reads besides the two models (the head's rendered objects, the real charts' differences).
 */
export function compareClusters(
  name: string, before: ResolvedCluster | undefined, after: ResolvedCluster | undefined,
  changedFiles: readonly string[] | (() => readonly string[]) = [], refused: readonly string[] = [],
  upgrade: UpgradeInputs = {},
): ClusterReview {
  const refusal: Change[] = refused.length === 0 ? [] : [{
    level: 'breaking', topics: [], details: refused.map((r) => `${code(r)}`),
    text: `The new cluster file fails its checks: \`synth\` refuses it, so nothing of this change can be rendered or deployed until it is fixed.`,
  }];
  if (!before && after) {
    return {
      name,
      status: 'added',
      pools: poolPlan({ ...after, pools: [] }, after),
      checklist: refused.length ? [] : checklistSteps(after),
      changes: [
        ...refusal,
        {
          level: 'safe',
          topics: [],
          text: `New cluster ${code(name)}: ${after.nodes.length} node${after.nodes.length === 1 ? '' : 's'}, ${after.pools.length} pool${after.pools.length === 1 ? '' : 's'}.`,
        },
      ],
    };
  }
  if (before && !after) {
    return {
      name,
      status: 'removed',
      pools: poolPlan(before, { ...before, pools: [] }),
      checklist: [],
      changes: [
        {
          level: 'breaking',
          topics: [],
          text: `Cluster ${code(name)} is removed: with prune, Argo CD deletes its pools, L2 policies and BGP objects, and every LoadBalancer Service there loses its address.`,
        },
      ],
    };
  }
  const [a, b] = [before!, after!];
  const changes = [
    ...refusal, ...ciliumChanges(a, b), ...upgradeChanges(a, b, upgrade), ...k3sChanges(a, b), ...poolChanges(a, b), ...reservationChanges(a, b),
    ...l2PolicyChanges(a, b), ...announcementChanges(a, b), ...bgpChanges(a, b), ...sysctlChanges(a, b),
  ];
  // Rendering both versions is the review's most expensive step: done only when no comparer found a change.
  const files = changes.length === 0 ? (typeof changedFiles === 'function' ? changedFiles() : changedFiles) : [];
  if (files.length > 0) {
    changes.push({
      level: 'safe',
      topics: [],
      text: `The rendered files change without a network effect: ${files.map((f) => `${code(f)}`).join(', ')}.`,
    });
  }
  const ordered = CHANGE_LEVELS.flatMap((level) => changes.filter((c) => c.level === level));
  const topics = new Set(ordered.flatMap((c) => c.topics));
  const services = new Set(ordered.flatMap((c) => c.services ?? []));
  // A refused file deploys nothing, so no step of its checklist can pass yet.
  const checklist = refused.length ? [] : checklistSteps(b).filter((s) => (s.topic === 'reservation' ? services.has(s.subject!) : topics.has(s.topic)));
  return { name, status: ordered.length ? 'changed' : 'unchanged', changes: ordered, pools: poolPlan(a, b), checklist };
}
