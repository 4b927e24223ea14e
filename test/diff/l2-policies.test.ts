/**
 * L2 announcement policies in a review, by class: removed (breaking when it let some node answer,
 * safe when it let none), its serviceSelector narrowed (breaking, naming the pinned Services it
 * drops) or widened (safe), rewritten to the same selection (no change), and new policies; what each
 * announces in words (LoadBalancer IPs, external IPs, both, nothing).
 */
import { describe, expect, it } from 'vitest';
import { l2PolicyChanges } from '../../src/diff/l2-policies.js';
import { HOMELAB } from '../helpers.js';
import { comparerLines, resolved, type Edit } from './edit.js';

/** homelab: policy `default-policy` (LoadBalancer and external IPs, every Service) on ^eth[0-9]+ of cp-1 (eth0). */
const policies = (base: Edit[], head: Edit[]) => comparerLines(l2PolicyChanges, HOMELAB, base, head);
const policy = (fields: object): Edit => (s) => Object.assign(s.loadBalancer.l2.policies[0], fields);
const noPolicies: Edit = (s) => {
  s.loadBalancer.l2.policies = [];
};
const pins: Edit = (s) => {
  s.loadBalancer.reservations.push({ service: 'prod/db', ip: '192.168.1.201', labels: { tier: 'critical' } });
};

describe('removed and new policies', () => {
  it('a removed policy that let nodes answer is breaking; one that let none is safe', () => {
    expect(policies([], [noPolicies])).toEqual([
      'breaking: L2 policy `default-policy` is removed: it announced LoadBalancer IPs and external IPs of every Service from `cp-1 (eth0)`; '
        + 'those stop answering ARP/NDP for them unless another policy covers the same Service, node and interface.',
    ]);
    expect(policies([policy({ interfaces: ['^ens[0-9]+'], externalIPs: false })], [noPolicies])).toEqual([
      'safe: L2 policy `default-policy` is removed: it announced LoadBalancer IPs of every Service.',
    ]);
    expect(policies([policy({ externalIPs: false, loadBalancerIPs: false, serviceSelector: { matchLabels: { tier: 'critical' } } })], [noPolicies])[0])
      .toMatch(/^breaking: L2 policy `default-policy` is removed: it announced nothing of tier=critical from `cp-1 \(eth0\)`; /);
  });

  it('a new policy says what it announces and from where, or that no node answers yet', () => {
    expect(policies([noPolicies], [])).toEqual(['safe: New L2 policy `default-policy`: announces LoadBalancer IPs and external IPs of every Service from `cp-1 (eth0)`.']);
    expect(policies([noPolicies], [policy({ interfaces: ['^ens[0-9]+'], loadBalancerIPs: false })])).toEqual([
      'safe: New L2 policy `default-policy`: announces external IPs of every Service, from no node yet.',
    ]);
    expect(policies([], [])).toEqual([]);
  });
});

describe('a policy\'s serviceSelector', () => {
  it('narrowed is breaking and names the pinned Services it drops, with their steps', () => {
    const narrowed = policy({ serviceSelector: { matchLabels: { tier: 'critical' } } });
    expect(policies([pins], [pins, narrowed])).toEqual([
      'breaking: L2 policy `default-policy` announces other Services: every Service → tier=critical; '
        + 'every Service it no longer selects stops getting ARP/NDP answers from `cp-1 (eth0)`.'
        + '\n  `default/my-service` (192.168.1.101) is no longer announced by it.',
    ]);
    const [change] = l2PolicyChanges(resolved(HOMELAB, pins), resolved(HOMELAB, pins, narrowed));
    expect(change.services).toEqual(['default/my-service']);
    // No node answers for the policy: "its nodes".
    const nowhere = policy({ interfaces: ['^ens[0-9]+'] });
    expect(policies([nowhere], [nowhere, policy({ serviceSelector: { matchLabels: { tier: 'gold' } } })])).toEqual([
      'breaking: L2 policy `default-policy` announces other Services: every Service → tier=gold; '
        + 'every Service it no longer selects stops getting ARP/NDP answers from its nodes.'
        + '\n  `default/my-service` (192.168.1.101) is no longer announced by it.',
    ]);
  });

  it('changed to a selection that is neither narrower nor wider is breaking, with no details when no pin is dropped', () => {
    const critical = policy({ serviceSelector: { matchLabels: { tier: 'critical' } } });
    const [change] = l2PolicyChanges(resolved(HOMELAB, critical), resolved(HOMELAB, policy({ serviceSelector: { matchLabels: { tier: 'gold' } } })));
    expect([change.level, change.details, change.services]).toEqual(['breaking', undefined, []]);
  });

  it('widened is safe; rewritten to the same selection is no change', () => {
    const critical = policy({ serviceSelector: { matchLabels: { tier: 'critical' } } });
    expect(policies([pins, critical], [pins])).toEqual([
      'safe: L2 policy `default-policy` announces other Services: tier=critical → every Service (it selects at least what it did).',
    ]);
    expect(policies([critical], [policy({ serviceSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['critical'] }] } })])).toEqual([]);
  });
});
