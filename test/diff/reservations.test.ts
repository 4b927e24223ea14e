/**
 * Pinned Services in a review, with several pins: each pin is compared with its own Service's pins
 * only, and the review's checklist walks through exactly the pinned Services the change touches
 * (PLAN.md's reservation steps), nothing for a pin that was only dropped.
 */
import { describe, expect, it } from 'vitest';
import { compareClusters } from '../../src/diff/compare.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { HOMELAB } from '../helpers.js';
import { specOf } from '../limits/paths.js';

type Pin = { service: string; ip: string };

/** The homelab cluster with these pins (all inside `default-pool`, .100–.115). */
function withPins(pins: Pin[]) {
  const spec = specOf(HOMELAB);
  spec.loadBalancer.reservations = pins;
  return resolveCluster(spec);
}

function review(before: Pin[], after: Pin[]) {
  const r = compareClusters('c', withPins(before), withPins(after));
  return {
    lines: r.changes.map((c) => `${c.level}: ${c.text}`),
    // The reservation steps of the review's checklist, by the Service they walk through.
    walked: r.checklist.filter((s) => s.topic === 'reservation').map((s) => s.subject),
  };
}

const a = { service: 'default/a', ip: '192.168.1.101' };
const b = { service: 'default/b', ip: '192.168.1.102' };

describe('pinned Services in a review', () => {
  it('one pin moving among several: only that Service moves, and only its step is walked', () => {
    expect(review([a, b], [a, { ...b, ip: '192.168.1.110' }])).toEqual({
      lines: ['breaking: `default/b` moves from 192.168.1.102 to 192.168.1.110: set its `lbipam.cilium.io/ips` to match; clients of 192.168.1.102 lose it.'],
      walked: ['default/b'],
    });
  });

  it('a pin kept while another Service is pinned: the new one alone is reported and walked', () => {
    expect(review([a], [a, b])).toEqual({ lines: ['safe: `default/b` is pinned to 192.168.1.102.'], walked: ['default/b'] });
  });

  it('a pin dropped: safe, and no step for a Service the cluster no longer pins', () => {
    expect(review([a, b], [a])).toEqual({
      lines: ["safe: `default/b` is no longer pinned to 192.168.1.102 here (the Service's own annotation decides what it keeps)."],
      walked: [],
    });
  });

  it('a Service pinned to two addresses where it had one: every new address named', () => {
    const two = [{ ...a, ip: '192.168.1.103' }, { ...a, ip: '192.168.1.104' }];
    expect(review([a], two).lines).toEqual([
      'breaking: `default/a` moves from 192.168.1.101 to 192.168.1.103, 192.168.1.104: set its `lbipam.cilium.io/ips` to match; clients of 192.168.1.101 lose it.',
    ]);
    // Keeping one of its addresses is no move.
    expect(review([a], [a, { ...a, ip: '192.168.1.104' }]).lines).toEqual([]);
  });
});
