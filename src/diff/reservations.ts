/** Pinned Services (`lbipam.cilium.io/ips`): a pin that moves renumbers the Service. Pins that leave every pool are the pool comparer's. */
import type { ResolvedCluster } from '../model/resolved.js';
import type { Change } from './review.js';
import { codeSpan as code } from '../text/markdown.js';

export function reservationChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const out: Change[] = [];
  for (const r of before.reservations) {
    const next = after.reservations.filter((n) => n.service === r.service);
    if (next.length === 0) {
      out.push({
        level: 'safe',
        topics: [],
        text: `${code(r.service)} is no longer pinned to ${r.ip} here (the Service's own annotation decides what it keeps).`,
      });
    } else if (!next.some((n) => n.ip === r.ip)) {
      out.push({
        level: 'breaking',
        // Stryker disable next-line ArrayDeclaration: the review walks a reservation step by `services` (compare.ts), so this topic only labels the change
        topics: ['reservation'],
        services: [r.service],
        text: `${code(r.service)} moves from ${r.ip} to ${next.map((n) => n.ip).join(', ')}: set its \`lbipam.cilium.io/ips\` to match; clients of ${r.ip} lose it.`,
      });
    }
  }
  for (const r of after.reservations.filter((n) => !before.reservations.some((b) => b.service === n.service))) {
    out.push({
      level: 'safe',
      // Stryker disable next-line ArrayDeclaration: the topic only labels the change (see above); `services` is what the review walks
      topics: ['reservation'],
      services: [r.service],
      text: `${code(r.service)} is pinned to ${r.ip}.`,
    });
  }
  return out;
}
