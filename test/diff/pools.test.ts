/**
 * Pool changes in a review, at their edges: one address lost or gained (the singular), addresses that
 * move to another pool (every one, some, none of them leaving every pool), a pinned address that
 * lands in another pool, a narrowed selector dropping a pinned Service, a pool turned off and on; and
 * the before → after rows of the pool plan, which list only the pools that changed.
 */
import { describe, expect, it } from 'vitest';
import { compareClusters } from '../../src/diff/compare.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { HOMELAB } from '../helpers.js';
import { specOf } from '../limits/paths.js';

type Edit = (spec: any) => void;

/** homelab: `default-pool` 192.168.1.100–.115, `critical` 192.168.1.200/30 (tier=critical), `default/my-service` pinned to .101. */
function review(...edits: Edit[]) {
  const after = specOf(HOMELAB);
  for (const edit of edits) edit(after);
  return compareClusters('c', resolveCluster(specOf(HOMELAB)), resolveCluster(after));
}

const lines = (...edits: Edit[]) =>
  review(...edits).changes.map((c) => `${c.level}: ${c.text}${(c.details ?? []).map((d) => `\n  ${d}`).join('')}`);

const defaultBlock = (start: string, stop: string): Edit => (s) => {
  s.loadBalancer.pools[0].blocks = [{ start, stop }];
};
const extraPool = (start: string, stop: string, more: object = {}): Edit => (s) => {
  s.loadBalancer.pools.push({ name: 'extra', blocks: [{ start, stop }], ...more });
};
const ANY = '\n  Any Service in pool `default-pool` holding one of them may be renumbered: LB-IPAM releases addresses that leave the pool.';

describe('addresses lost and gained', () => {
  it('one address lost or gained is said in the singular', () => {
    expect(lines(defaultBlock('192.168.1.100', '192.168.1.114'))).toEqual([
      `breaking: Pool \`default-pool\` loses 1 address (192.168.1.115); they leave every pool.${ANY}`,
    ]);
    expect(lines(defaultBlock('192.168.1.100', '192.168.1.116'))).toEqual([
      'safe: Pool `default-pool` grows by 1 address (192.168.1.116); it now hands out 192.168.1.100–192.168.1.116.',
    ]);
  });

  it('lost addresses that all, some or none of leave every pool', () => {
    const shrink = defaultBlock('192.168.1.100', '192.168.1.111');
    expect(lines(shrink, extraPool('192.168.1.112', '192.168.1.115'))).toEqual([
      `breaking: Pool \`default-pool\` loses 4 addresses (192.168.1.112–192.168.1.115); they stay in other pools.${ANY}`,
      'safe: New pool `extra`: 192.168.1.112–192.168.1.115 (4 addresses).',
    ]);
    expect(lines(shrink, extraPool('192.168.1.114', '192.168.1.115'))[0]).toBe(
      `breaking: Pool \`default-pool\` loses 4 addresses (192.168.1.112–192.168.1.115); 2 of them leave every pool.${ANY}`,
    );
  });

  it('a pinned address that moves to another pool is re-allocated from there; the others are "any other"', () => {
    expect(lines(defaultBlock('192.168.1.102', '192.168.1.115'), extraPool('192.168.1.100', '192.168.1.101'))[0]).toBe(
      'breaking: Pool `default-pool` loses 2 addresses (192.168.1.100–192.168.1.101); they stay in other pools.'
        + '\n  `default/my-service` is pinned to 192.168.1.101 (`lbipam.cilium.io/ips`): now in pool `extra`, it is re-allocated from there if that pool selects it.'
        + '\n  Any other Service in pool `default-pool` holding one of them may be renumbered: LB-IPAM releases addresses that leave the pool.',
    );
    // The pinned Service's PLAN.md step is walked; the lost range's pool step too.
    const r = review(defaultBlock('192.168.1.102', '192.168.1.115'), extraPool('192.168.1.100', '192.168.1.101'));
    expect(r.checklist.filter((s) => s.topic === 'reservation').map((s) => s.subject)).toEqual(['default/my-service']);
    expect(r.checklist.some((s) => s.topic === 'pools')).toBe(true);
  });

  it('a pool with the same addresses written another way is no change', () => {
    expect(lines((s) => {
      s.loadBalancer.pools[0].blocks = [{ start: '192.168.1.100', stop: '192.168.1.107' }, { start: '192.168.1.108', stop: '192.168.1.115' }];
    }).filter((l) => l.includes('default-pool'))).toEqual([]);
  });
});

describe('selection and state', () => {
  const pinCritical: Edit = (s) => {
    s.loadBalancer.reservations.push({ service: 'prod/db', ip: '192.168.1.201', labels: { tier: 'critical' } });
  };

  it('a narrowed selector names the pinned Services it drops, and walks their steps', () => {
    const before = specOf(HOMELAB);
    pinCritical(before);
    const after = structuredClone(before);
    after.loadBalancer.pools[1].serviceSelector = { matchLabels: { tier: 'critical', zone: 'a' } };
    const r = compareClusters('c', resolveCluster(before), resolveCluster(after));
    expect(r.changes.map((c) => `${c.level}: ${c.text}${(c.details ?? []).map((d) => `\n  ${d}`).join('')}`)).toEqual([
      'breaking: Pool `critical` selects other Services: tier=critical → tier=critical, zone=a; a Service it no longer selects loses its address from it.'
        + '\n  `prod/db` (192.168.1.201) is no longer selected.',
    ]);
    expect(r.checklist.filter((s) => s.topic === 'reservation').map((s) => s.subject)).toEqual(['prod/db']);
  });

  it('a Service still selected is not named; a selector rewritten to the same selection is no change', () => {
    const before = specOf(HOMELAB);
    pinCritical(before);
    const wider = structuredClone(before);
    wider.loadBalancer.pools[1].serviceSelector = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['critical', 'gold'] }] };
    expect(compareClusters('c', resolveCluster(before), resolveCluster(wider)).changes.map((c) => [c.level, c.details])).toEqual([['safe', []]]);
    const same = structuredClone(before);
    same.loadBalancer.pools[1].serviceSelector = { matchExpressions: [{ key: 'tier', operator: 'In', values: ['critical'] }] };
    expect(compareClusters('c', resolveCluster(before), resolveCluster(same)).changes).toEqual([]);
  });

  it('a pool disabled, and enabled again', () => {
    const disabled = specOf(HOMELAB);
    disabled.loadBalancer.pools[0].disabled = true;
    const off = compareClusters('c', resolveCluster(specOf(HOMELAB)), resolveCluster(disabled));
    expect(off.changes.map((c) => `${c.level}: ${c.text}`)).toEqual([
      'safe: Pool `default-pool` is disabled: Services keep their addresses, new ones get none from it.',
    ]);
    const on = compareClusters('c', resolveCluster(disabled), resolveCluster(specOf(HOMELAB)));
    expect(on.changes.map((c) => `${c.level}: ${c.text}`)).toEqual(['safe: Pool `default-pool` is enabled again.']);
    expect(compareClusters('c', resolveCluster(disabled), resolveCluster(disabled)).changes).toEqual([]);
  });
});

describe('the pool plan rows', () => {
  it('only pools that changed, in the new file order, removed pools last', () => {
    const r = review(defaultBlock('192.168.1.100', '192.168.1.114'), (s) => s.loadBalancer.pools.splice(1, 1), extraPool('192.168.1.150', '192.168.1.151'));
    expect(r.pools).toEqual([
      { pool: 'default-pool', before: '192.168.1.100–192.168.1.115', after: '192.168.1.100–192.168.1.114', usable: '16 → 15', announced: 'L2 → L2' },
      { pool: 'extra', before: '–', after: '192.168.1.150–192.168.1.151', usable: '– → 2', announced: '– → L2' },
      { pool: 'critical', before: '192.168.1.200/30', after: '–', usable: '4 → –', announced: 'L2 → –' },
    ]);
  });

  it('a pool whose blocks read the same but hand out fewer addresses', () => {
    expect(review((s) => {
      s.loadBalancer.pools[1].allowFirstLastIPs = false;
    }).pools).toEqual([{ pool: 'critical', before: '192.168.1.200/30', after: '192.168.1.200/30', usable: '4 → 2', announced: 'L2 → L2' }]);
  });

  it('a pool that stops being announced', () => {
    const r = review((s) => {
      s.loadBalancer.l2.policies[0].serviceSelector = { matchLabels: { tier: 'critical' } };
      s.loadBalancer.pools[0].serviceSelector = { matchLabels: { tier: 'web' } };
    });
    expect(r.pools.find((p) => p.pool === 'default-pool')?.announced).toBe('L2 → not announced');
  });

  it('a new cluster lists every pool; a removed one too', () => {
    const cluster = resolveCluster(specOf(HOMELAB));
    expect(compareClusters('c', undefined, cluster).pools.map((p) => `${p.pool}: ${p.before} → ${p.after} (${p.usable})`)).toEqual([
      'default-pool: – → 192.168.1.100–192.168.1.115 (– → 16)',
      'critical: – → 192.168.1.200/30 (– → 4)',
    ]);
    expect(compareClusters('c', cluster, undefined).pools.map((p) => `${p.pool}: ${p.announced}`)).toEqual(['default-pool: L2 → –', 'critical: L2 → –']);
  });
});

describe('pools at their edges', () => {
  it('a new pool with no address it can hand out', () => {
    expect(lines(extraPool('192.168.1.150', '192.168.1.149'))).toEqual(['safe: New pool `extra`: no addresses (0 addresses).']);
  });

  it('a narrowed selector names only the pinned Services of that pool', () => {
    const before = specOf(HOMELAB);
    // Labelled like the critical pool's Services, but pinned inside default-pool.
    before.loadBalancer.reservations.push({ service: 'prod/web', ip: '192.168.1.105', labels: { tier: 'critical' } });
    const after = structuredClone(before);
    after.loadBalancer.pools[1].serviceSelector = { matchLabels: { tier: 'gold' } };
    const [change] = compareClusters('c', resolveCluster(before), resolveCluster(after)).changes;
    expect([change.level, change.details, change.services]).toEqual(['breaking', [], []]);
  });

  it('a pin that is not an address is no pinned Service of the lost range', () => {
    const before = specOf(HOMELAB);
    before.loadBalancer.reservations = [{ service: 'default/odd', ip: 'not-an-ip' }];
    const after = structuredClone(before);
    after.loadBalancer.pools[0].blocks = [{ start: '192.168.1.100', stop: '192.168.1.114' }];
    expect(compareClusters('c', resolveCluster(before), resolveCluster(after)).changes.map((c) => c.services)).toEqual([[]]);
  });

  it('plan rows: cidr blocks by their cidr, ranges by their addresses, malformed blocks left out; a row when only the announcement changes', () => {
    const r = review((s) => {
      s.loadBalancer.pools[0].blocks = [{ start: '192.168.1.100', stop: '192.168.1.101' }, { cidr: '192.168.1.120/31' }, { cidr: 'nonsense' }];
      s.loadBalancer.pools[1].announce = 'both';
    });
    expect(r.pools).toEqual([
      { pool: 'default-pool', before: '192.168.1.100–192.168.1.115', after: '192.168.1.100–192.168.1.101, 192.168.1.120/31', usable: '16 → 4', announced: 'L2 → L2' },
    ]);
    // With L2 policies, pools not marked otherwise are L2's.
    const bgp = compareClusters('c', resolveCluster(specOf('test/fixtures/examples/bgp-tor.yaml')), resolveCluster((() => {
      const s = specOf('test/fixtures/examples/bgp-tor.yaml');
      s.loadBalancer.l2 = { policies: [{ name: 'all', loadBalancerIPs: true }] };
      s.loadBalancer.pools[1].announce = 'both';
      return s;
    })()));
    expect(bgp.pools.map((p) => [p.pool, p.before, p.announced])).toEqual([
      ['services', '10.20.0.0/24', 'BGP → L2'],
      ['public', '203.0.113.64/27', 'BGP → L2 + BGP'],
    ]);
    const none = review((s) => {
      s.loadBalancer.pools[0].blocks = [{ cidr: 'nonsense' }];
    });
    expect(none.pools.map((p) => p.after)).toEqual(['–']);
  });
});
