/** The patch-level behaviour table answers by the exact release. */
import { expect, test } from 'vitest';
import { behaviourReleases, CILIUM_BEHAVIOUR, ciliumHas } from '../../src/model/cilium-behaviour.js';

test.each([
  ['1.18.14', false], ['1.19.8', false], ['1.19.99', false], ['1.20.0', false], ['1.20.1', false], ['1.20.2', true], ['1.20.10', true],
] as const)('L2 announcements honour externalTrafficPolicy Local on %s: %s', (version, honoured) => {
  expect(ciliumHas(version, 'l2HonoursEtpLocal')).toBe(honoured);
});

test.each(['1.18.0', '1.19.4', '1.20.0', '1.20.5'])('a shared IP is elected per Service over L2 on %s (cilium/cilium#48419 has no fix)', (version) => {
  expect(ciliumHas(version, 'l2SharedIpElectedPerService')).toBe(true);
});

test('each entry says when it applies and where that is documented', () => {
  expect(CILIUM_BEHAVIOUR.map(behaviourReleases)).toEqual(['1.20.2 and later 1.20 releases; no 1.18 or 1.19 release', 'every supported release']);
  for (const entry of CILIUM_BEHAVIOUR) expect(entry.source).toMatch(/cilium\/cilium#[0-9]+/);
});
