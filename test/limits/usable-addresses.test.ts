/**
 * The usable-address rule (Cilium LB-IPAM: a cidr block's first and last address are withheld only
 * with allowFirstLastIPs: false and only from 4 addresses up) is one function, handedOutRange; the
 * resolver's counts, the review's address sets, check 5 (pinned IPs) and PLAN.md all read it. Each
 * is checked here against one brute-force oracle, at the sizes where the rule changes.
 */
import { describe, expect, it } from 'vitest';
import { size, usableRanges } from '../../src/diff/ranges.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { findings, setPath, specOf } from './paths.js';

/** The oracle: every address of the block, less the first and last when withheld. */
function oracle(first: number, count: number, cidr: boolean, allowFirstLastIPs: boolean): number[] {
  const all = Array.from({ length: count }, (_, i) => first + i);
  return cidr && !allowFirstLastIPs && count >= 4 ? all.slice(1, -1) : all;
}

const BLOCKS = [
  // [block, first host byte, addresses, is a cidr]
  [{ cidr: '192.168.1.200/32' }, 200, 1, true],
  [{ cidr: '192.168.1.200/31' }, 200, 2, true],
  [{ cidr: '192.168.1.200/30' }, 200, 4, true],
  [{ cidr: '192.168.1.200/29' }, 200, 8, true],
  [{ start: '192.168.1.200', stop: '192.168.1.203' }, 200, 4, false],
  [{ start: '192.168.1.200', stop: '192.168.1.202' }, 200, 3, false],
  [{ start: '192.168.1.200' }, 200, 1, false],
] as const;

function poolSpec(block: object, allowFirstLastIPs: boolean) {
  const spec = specOf('test/fixtures/clusters/homelab.yaml');
  spec.loadBalancer.pools[1] = { name: 'critical', blocks: [block], allowFirstLastIPs };
  return spec;
}

describe('usable addresses: one rule, one oracle', () => {
  for (const [block, first, count, cidr] of BLOCKS) {
    for (const allow of [true, false]) {
      it(`${JSON.stringify(block)} with allowFirstLastIPs: ${allow}`, () => {
        const want = oracle(first, count, cidr, allow);
        const cluster = resolveCluster(poolSpec(block, allow));
        const pool = cluster.pools[1];
        // The resolver's count (PLAN.md's "usable" column reads it) and the review's address set.
        expect(pool.blocks[0].usable).toBe(BigInt(want.length));
        expect(pool.usable).toBe(BigInt(want.length));
        const ranges = usableRanges(pool);
        expect(size(ranges)).toBe(BigInt(want.length));
        expect(ranges.map((r) => [Number(r.first & 0xffn), Number(r.last & 0xffn)])).toEqual([[want[0], want[want.length - 1]]]);
        // PLAN.md states the count and what is withheld.
        const plan = loadClusterText('c.yaml', JSON.stringify(poolSpec(block, allow)));
        expect(plan.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        // Check 5: a Service pinned to each address of the block is accepted exactly where the oracle hands it out.
        for (let host = first; host < first + count; host++) {
          const spec = poolSpec(block, allow);
          spec.loadBalancer.reservations = [{ service: 'default/pinned', ip: `192.168.1.${host}` }];
          const refused = findings(spec).filter((l) => l.startsWith('loadBalancer.reservations[0].ip'));
          expect(refused.length === 0, `192.168.1.${host}`).toBe(want.includes(host));
        }
      });
    }
  }

  it('the review sees a /30 lose its edges when allowFirstLastIPs turns false: 2 addresses, not 0 or 4', () => {
    const before = resolveCluster(poolSpec({ cidr: '192.168.1.200/30' }, true));
    const after = resolveCluster(poolSpec({ cidr: '192.168.1.200/30' }, false));
    expect(size(usableRanges(before.pools[1])) - size(usableRanges(after.pools[1]))).toBe(2n);
  });

  it('IPv6: a /126 withholds 2 of 4, a /127 none', () => {
    const spec = (cidr: string) => setPath(specOf('examples/dual-stack.yaml'), 'loadBalancer.pools', [{ name: 'v6', blocks: [{ cidr }], allowFirstLastIPs: false }]);
    expect(resolveCluster(spec('fd00:1::100/126')).pools[0].usable).toBe(2n);
    expect(resolveCluster(spec('fd00:1::100/127')).pools[0].usable).toBe(2n);
    expect(resolveCluster(spec('fd00:1::100/125')).pools[0].usable).toBe(6n);
  });
});
