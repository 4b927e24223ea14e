/**
 * Pool changes. Cilium LB-IPAM releases an allocated address that leaves its pool, so the Service
 * holding it gets a new one (or none), and a pinned `lbipam.cilium.io/ips` outside every pool stays
 * pending; widening a pool was fixed upstream to keep allocations, shrinking was not
 * (cilium/cilium#40358, #41458). A pool that stops selecting a Service releases its address too.
 */
import type { IpRange } from '../model/ip.js';
import type { ResolvedCluster, ResolvedPool, ResolvedReservation } from '../model/resolved.js';
import { describeSelector, selectorMatches } from '../model/selectors.js';
import { sameSelection, selectsAtLeast } from './selectors.js';
import { contains, formatRanges, normalize, size, subtract, usableRanges } from './ranges.js';
import type { Change, PoolPlanRow } from './review.js';
import { codeSpan as code } from '../text/markdown.js';

const addresses = (n: bigint) => `${n} address${n === 1n ? '' : 'es'}`;

function byName(pools: readonly ResolvedPool[]): Map<string, ResolvedPool> {
  return new Map(pools.map((p) => [p.name, p]));
}

/** Where a pinned Service's address ends up after the change. */
function pinnedLine(r: ResolvedReservation, after: ResolvedCluster): string {
  const pool = r.address && after.pools.find((p) => contains(usableRanges(p), r.address!.family, r.address!.value));
  const pin = `${code(r.service)} is pinned to ${r.ip} (\`lbipam.cilium.io/ips\`)`;
  return pool
    ? `${pin}: now in pool ${code(pool.name)}, it is re-allocated from there if that pool selects it.`
    : `${pin}: outside every pool, it stays pending until it is pinned to an address of a pool.`;
}

/** The pinned Services of the old cluster whose address lies in `lost`. */
function pinnedIn(before: ResolvedCluster, lost: readonly IpRange[]): ResolvedReservation[] {
  return before.reservations.filter((r) => r.address && contains(lost, r.address.family, r.address.value));
}

function lossChange(pool: ResolvedPool, lost: IpRange[], before: ResolvedCluster, after: ResolvedCluster, removed: boolean): Change {
  const elsewhere = normalize(after.pools.flatMap(usableRanges));
  const leaving = size(subtract(lost, elsewhere));
  const where = leaving === size(lost) ? 'they leave every pool' : leaving === 0n ? 'they stay in other pools' : `${leaving} of them leave every pool`;
  const pinned = pinnedIn(before, lost);
  const text = removed
    ? `Pool ${code(pool.name)} is removed: its ${addresses(size(lost))} (${formatRanges(lost)}) are released, and every Service holding one loses it.`
    : `Pool ${code(pool.name)} loses ${addresses(size(lost))} (${formatRanges(lost)}); ${where}.`;
  return {
    level: 'breaking',
    text,
    details: [
      ...pinned.map((r) => pinnedLine(r, after)),
      `Any ${pinned.length > 0 ? 'other ' : ''}Service in pool ${code(pool.name)} holding one of them may be renumbered: LB-IPAM releases addresses that leave the pool.`,
    ],
    topics: ['pools'],
    services: pinned.map((r) => r.service),
  };
}

/** Changes of the pools themselves: removed, added, shrunk, grown, re-selected, disabled. */
export function poolChanges(before: ResolvedCluster, after: ResolvedCluster): Change[] {
  const out: Change[] = [];
  const old = byName(before.pools);
  const now = byName(after.pools);
  for (const pool of before.pools) {
    const next = now.get(pool.name);
    const was = usableRanges(pool);
    if (!next) {
      out.push(lossChange(pool, was, before, after, true));
      continue;
    }
    const is = usableRanges(next);
    const lost = subtract(was, is);
    const gained = subtract(is, was);
    if (lost.length > 0) out.push(lossChange(pool, lost, before, after, false));
    if (gained.length > 0) {
      out.push({
        level: 'safe', topics: ['pools'],
        text: `Pool ${code(pool.name)} grows by ${addresses(size(gained))} (${formatRanges(gained)}); it now hands out ${formatRanges(is)}.`,
      });
    }
    const selected = (labels: Readonly<Record<string, string>>) =>
      selectorMatches(pool.serviceSelector, labels) && !selectorMatches(next.serviceSelector, labels);
    if (!sameSelection(pool.serviceSelector, next.serviceSelector)) {
      const dropped = before.reservations.filter((r) => r.pools.includes(pool) && selected(r.selectorLabels));
      const wider = selectsAtLeast(pool.serviceSelector, next.serviceSelector);
      out.push({
        level: wider ? 'safe' : 'breaking', topics: ['pools'], services: dropped.map((r) => r.service),
        text: `Pool ${code(pool.name)} selects other Services: ${describeSelector(pool.serviceSelector, 'every Service')} → `
          + `${describeSelector(next.serviceSelector, 'every Service')}${wider ? ' (at least every Service it selected)' : '; a Service it no longer selects loses its address from it'}.`,
        details: dropped.map((r) => `${code(r.service)} (${r.ip}) is no longer selected.`),
      });
    }
    if (!pool.disabled && next.disabled) {
      out.push({ level: 'safe', topics: ['pools'], text: `Pool ${code(pool.name)} is disabled: Services keep their addresses, new ones get none from it.` });
    }
    if (pool.disabled && !next.disabled) out.push({ level: 'safe', topics: ['pools'], text: `Pool ${code(pool.name)} is enabled again.` });
  }
  for (const pool of after.pools.filter((p) => !old.has(p.name))) {
    out.push({
      level: 'safe',
      topics: ['pools'],
      text: `New pool ${code(pool.name)}: ${formatRanges(usableRanges(pool)) || 'no addresses'} (${addresses(pool.usable)}).`,
    });
  }
  return out;
}

function blockText(pool: ResolvedPool | undefined): string {
  if (!pool) return '–';
  return pool.blocks.filter((b) => b.range).map((b) => b.cidr ?? formatRanges([b.range!])).join(', ') || '–';
}

function announcedText(pool: ResolvedPool | undefined): string {
  if (!pool) return '–';
  return [...(pool.l2 ? ['L2'] : []), ...(pool.bgpAdvertisement ? ['BGP'] : [])].join(' + ') || 'not announced';
}

/** Before → after rows of the pools that changed, in the order of the new file (removed pools last). */
export function poolPlan(before: ResolvedCluster, after: ResolvedCluster): PoolPlanRow[] {
  const old = byName(before.pools);
  const names = [...after.pools.map((p) => p.name), ...before.pools.map((p) => p.name).filter((n) => !after.pools.some((p) => p.name === n))];
  const now = byName(after.pools);
  return names.flatMap((name) => {
    const [a, b] = [old.get(name), now.get(name)];
    const row = {
      pool: name, before: blockText(a), after: blockText(b),
      usable: `${a ? a.usable : '–'} → ${b ? b.usable : '–'}`, announced: `${announcedText(a)} → ${announcedText(b)}`,
    };
    const same = a && b && row.before === row.after && a.usable === b.usable && announcedText(a) === announcedText(b);
    return same ? [] : [row];
  });
}
