/**
 * Upstream behaviour that changed inside a minor, keyed by the exact patch release. The checks ask
 * `ciliumHas(version, id)` instead of comparing versions, and PLAN.md shows the table for the
 * cluster's release. Sources are the Cilium release notes and issues named in each entry.
 */
import { CILIUM_CAPABILITIES } from './cilium-versions.js';

export type CiliumBehaviourId = 'l2HonoursEtpLocal' | 'l2SharedIpElectedPerService';

export interface CiliumBehaviour {
  readonly id: CiliumBehaviourId;
  /** The behaviour, as a sentence fragment ("L2 announcements …"). */
  readonly behaviour: string;
  /** Per supported minor, the first patch release that behaves so; a minor not listed has no such release (yet). */
  readonly since: Readonly<Record<string, string>>;
  /** Where this is documented upstream. */
  readonly source: string;
}

export const CILIUM_BEHAVIOUR: readonly CiliumBehaviour[] = [
  {
    id: 'l2HonoursEtpLocal',
    behaviour: 'L2 announcements honour externalTrafficPolicy: Local (only a node with a ready endpoint of the Service takes its lease)',
    since: { '1.20': '1.20.2' },
    source: 'cilium/cilium#46399, backported to 1.20.2 (#48550) and not to 1.19 or 1.18 (not in 1.19.8 or 1.18.14); '
      + 'on 1.20.2 Gateway API and Ingress Services with Local lose their announcement (cilium/cilium#48799)',
  },
  {
    id: 'l2SharedIpElectedPerService',
    behaviour: 'Services sharing one IP through a sharing key elect their L2 announcer each on its own, so two nodes can answer ARP/NDP for the IP',
    since: { '1.18': '1.18.0', '1.19': '1.19.0', '1.20': '1.20.0' },
    source: 'cilium/cilium#48419, open, no fix (reported on 1.20.1 and later; the per-Service lease it comes from is in every supported release, '
      + 'and the docs change #48456 marks sharing keys unsupported with L2 announcements)',
  },
];

function patchOrder(a: string, b: string): number {
  const [pa, pb] = [String(a).split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Whether a `1.<minor>.<patch>` release behaves as the entry says. */
export function ciliumHas(version: string, id: CiliumBehaviourId): boolean {
  const entry = CILIUM_BEHAVIOUR.find((b) => b.id === id)!;
  const since = entry.since[String(version).split('.').slice(0, 2).join('.')];
  return since !== undefined && patchOrder(version, since) >= 0;
}

/** The releases that behave so, in words: `1.20.2 and later 1.20 releases; no 1.18 or 1.19 release`, `every supported release`. */
export function behaviourReleases(entry: CiliumBehaviour): string {
  const minors = CILIUM_CAPABILITIES.map((c) => c.minor);
  if (minors.every((m) => entry.since[m] === `${m}.0`)) return 'every supported release';
  const without = minors.filter((m) => entry.since[m] === undefined);
  const from = minors.filter((m) => entry.since[m] !== undefined).map((m) => `${entry.since[m]} and later ${m} releases`).join(', ');
  return `${from || 'no release'}${without.length && from ? `; no ${without.join(' or ')} release` : ''}`;
}
