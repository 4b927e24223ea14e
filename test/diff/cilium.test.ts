/**
 * Cilium in a review, by class. The release: upgrades and rollbacks of a patch, one minor (restart)
 * and more (breaking: upstream tests one minor at a time, Documentation/operations/upgrade.rst),
 * within and across majors, compared by each part of the version. The Helm values: one change per
 * value, or per setting of the cluster file when several values follow from it (matched at the start
 * of the path), at the level the real chart's table gives (generated/cilium-value-effects.ts) for the
 * held release that judges the version.
 */
import { describe, expect, it } from 'vitest';
import { ciliumChanges, compareVersions, effectsFor, minorsBetween } from '../../src/diff/cilium.js';
import { HOMELAB } from '../helpers.js';
import { comparerLines, resolved, type Edit } from './edit.js';

const version = (v: string): Edit => (s) => {
  s.cilium.version = v;
};
const values = (v: object): Edit => (s) => {
  s.cilium.values = v;
};
const cilium = (base: Edit[], head: Edit[]) => comparerLines(ciliumChanges, HOMELAB, base, head);
const releases = (from: string, to: string) => cilium([version(from)], [version(to)]);

describe('versions', () => {
  it('compared by major, then minor, then patch', () => {
    expect(Math.sign(compareVersions('1.20.0', '2.0.0'))).toBe(-1);
    expect(Math.sign(compareVersions('2.0.0', '1.20.0'))).toBe(1);
    expect(Math.sign(compareVersions('1.19.9', '1.20.0'))).toBe(-1);
    expect(Math.sign(compareVersions('1.20.0', '1.19.9'))).toBe(1);
    expect(Math.sign(compareVersions('1.20.1', '1.20.2'))).toBe(-1);
    expect(Math.sign(compareVersions('1.20.2', '1.20.1'))).toBe(1);
    expect(compareVersions('1.20.2', '1.20.2')).toBe(0);
  });

  it('minors between two versions, signed; unbounded across majors', () => {
    expect(minorsBetween('1.18.10', '1.20.0')).toBe(2);
    expect(minorsBetween('1.20.0', '1.19.4')).toBe(-1);
    expect(minorsBetween('1.20.0', '1.20.9')).toBe(0);
    expect(minorsBetween('1.20.0', '2.0.0')).toBe(Infinity);
    expect(minorsBetween('2.0.0', '1.20.0')).toBe(-Infinity);
  });
});

describe('the release', () => {
  const upgraded = (from: string, to: string) =>
    `restart: Cilium is upgraded from ${from} to ${to}: the chart rolls out new agent and operator images, so every agent and the operator restart.`;
  const rolledBack = (from: string, to: string, how: string) => `restart: Cilium is rolled back from ${from} to ${to}: upstream supports rolling back ${how}; `
    + `every agent and the operator restart. Undo what of ${from} is already in use (new resources, new settings) first: see its upgrade notes.`;

  it('the same release is no change', () => {
    expect(releases('1.20.0', '1.20.0')).toEqual([]);
  });

  it('a patch or one minor up restarts the agents and the operator', () => {
    expect(releases('1.20.0', '1.20.3')).toEqual([upgraded('1.20.0', '1.20.3')]);
    expect(releases('1.19.4', '1.20.0')).toEqual([upgraded('1.19.4', '1.20.0')]);
  });

  it('two minors or more up is breaking, with the next minor to go through', () => {
    expect(releases('1.18.10', '1.20.0')).toEqual([
      'breaking: Cilium jumps from 1.18.10 to 1.20.0, skipping 1 minor release: upstream supports upgrading one minor at a time (1.18.10 → 1.19.x first).',
    ]);
    expect(releases('1.17.3', '1.20.0')).toEqual([
      'breaking: Cilium jumps from 1.17.3 to 1.20.0, skipping 2 minor releases: upstream supports upgrading one minor at a time (1.17.3 → 1.18.x first).',
    ]);
    expect(releases('1.20.0', '2.0.0')).toEqual([
      'breaking: Cilium jumps from 1.20.0 to 2.0.0, skipping at least one minor release: upstream supports upgrading one minor at a time (1.20.0 → 1.21.x first).',
    ]);
  });

  it('a rollback within a minor or to the previous one restarts; further back, or across majors, is breaking', () => {
    expect(releases('1.20.3', '1.20.0')).toEqual([rolledBack('1.20.3', '1.20.0', 'within a minor')]);
    expect(releases('1.20.0', '1.19.4')).toEqual([rolledBack('1.20.0', '1.19.4', 'to the previous minor')]);
    expect(releases('1.20.0', '1.17.3')).toEqual([
      'breaking: Cilium is downgraded from 1.20.0 to 1.17.3, 3 minor releases back: upstream tests rollbacks only to the previous minor; '
        + 'the older agent may not read the state and CRDs the newer one left.',
    ]);
    expect(releases('2.0.0', '1.20.0')).toEqual([
      'breaking: Cilium is downgraded from 2.0.0 to 1.20.0, several minor releases back: upstream tests rollbacks only to the previous minor; '
        + 'the older agent may not read the state and CRDs the newer one left.',
    ]);
  });
});

describe('the IPAM mode', () => {
  const ipam = (mode: 'kubernetes' | 'cluster-pool' | undefined): Edit => (s) => {
    s.cilium.ipamMode = mode;
  };
  const breaking = (from: string, to: string) => `breaking: Cilium's IPAM changes from ${from} to ${to}: upstream does not support changing the IPAM mode `
    + 'of a running cluster (connectivity of existing pods may break for good); install a new cluster with it, or keep the mode.';

  it('a change either way is breaking, before the values it changes; the default is kubernetes', () => {
    const up = cilium([ipam(undefined)], [ipam('cluster-pool')]);
    expect(up[0]).toBe(breaking('kubernetes', 'cluster-pool'));
    expect(up.slice(1).join('\n')).toMatch(/^restart: The Helm values of routing change: .*\n {2}`ipam.mode`: "kubernetes" → "cluster-pool"\n {2}`ipam.operator.clusterPoolIPv4PodCIDRList`: unset → \["10.42.0.0\/16"\]$/s);
    expect(cilium([ipam('cluster-pool')], [ipam('kubernetes')])[0]).toBe(breaking('cluster-pool', 'kubernetes'));
    expect(cilium([ipam(undefined)], [ipam('kubernetes')])).toEqual([]);
    expect(cilium([ipam('cluster-pool')], [ipam('cluster-pool')])).toEqual([]);
  });
});

describe('the checklist topic', () => {
  it('every release and value change makes the Cilium steps relevant', () => {
    for (const [from, to] of [['1.20.3', '1.20.0'], ['1.20.0', '1.17.3'], ['1.18.10', '1.20.0'], ['1.20.0', '1.20.3']]) {
      expect(ciliumChanges(resolved(HOMELAB, version(from)), resolved(HOMELAB, version(to))).map((c) => c.topics), `${from} → ${to}`).toEqual([['cilium']]);
    }
    const hubble = values({ hubble: { relay: { enabled: false }, ui: { enabled: false } } });
    expect(ciliumChanges(resolved(HOMELAB), resolved(HOMELAB, hubble)).map((c) => c.topics)).toEqual([['cilium']]);
  });
});

describe('Helm values', () => {
  const CONFIG = 'the cilium-config ConfigMap: agents and the operator apply it only when they restart (`kubectl -n kube-system rollout restart ds/cilium deploy/cilium-operator`)';

  it('one value: its path, old → new (unset when absent), and what the chart changes with it', () => {
    expect(cilium([], [values({ k8sServicePort: 6444 })])).toEqual([
      'restart: Helm value `k8sServicePort`: 6443 → 6444 changes the agent DaemonSet\'s pods: every agent restarts; '
        + 'the operator Deployment\'s pods: the operator restarts; other objects the chart deploys.',
    ]);
    expect(cilium([values({ extra: { a: 'x' } })], [])).toEqual([`restart: Helm value \`extra.a\`: "x" → unset changes ${CONFIG}.`]);
    // A list is one value; an empty object is a value of its own.
    expect(cilium([], [values({ extra: ['a', 'b'] })])).toEqual([`restart: Helm value \`extra\`: unset → ["a","b"] changes ${CONFIG}.`]);
    expect(cilium([], [values({ extra: {} })])).toEqual([`restart: Helm value \`extra\`: unset → {} changes ${CONFIG}.`]);
  });

  it('values one setting renders change together, as one change with a line per value', () => {
    expect(cilium([], [values({ hubble: { relay: { enabled: false }, ui: { enabled: false } } })])).toEqual([
      'safe: The Helm values of Hubble change: this changes the Hubble relay/UI objects (no agent or operator restart).'
        + '\n  `hubble.relay.enabled`: true → false\n  `hubble.ui.enabled`: true → false',
    ]);
    const causes: [object, string][] = [
      [{ l2announcements: { leaseDuration: '5s' }, k8sClientRateLimit: { qps: 99 } }, 'L2 announcements (their lease and the API rate limit sized for them)'],
      [{ bgpControlPlane: { enabled: true, x: 1 } }, 'the BGP control plane'],
      [{ k8sServiceHost: 'api', k8sServicePort: 1 }, 'the API server endpoint the agents and operator use'],
      [{ routingMode: 'tunnel', tunnelProtocol: 'geneve' }, 'routing'],
      [{ autoDirectNodeRoutes: false, ipv4NativeRoutingCIDR: '10.0.0.0/8' }, 'routing'],
      [{ ipv6NativeRoutingCIDR: 'fd00::/64', ipv6: { enabled: true }, ipam: { mode: 'kubernetes' } }, 'routing'],
    ];
    for (const [v, cause] of causes) {
      const [change, ...more] = ciliumChanges(resolved(HOMELAB), resolved(HOMELAB, values(v)));
      expect([change.text.split(': this')[0], more.length], JSON.stringify(v)).toEqual([`The Helm values of ${cause} change`, 0]);
    }
  });

  it('a cause matches only at the start of the path, and a whole key', () => {
    const lines = cilium([], [values({ extra: { hubble: { a: 1, b: 2 } }, k8sServiceHostname: 'x', k8sServicePorts: 1, xroutingMode: 1 })]);
    expect(lines.map((l) => l.split(' changes ')[0])).toEqual([
      'restart: Helm value `extra.hubble.a`: unset → 1',
      'restart: Helm value `extra.hubble.b`: unset → 2',
      'restart: Helm value `k8sServiceHostname`: unset → "x"',
      'restart: Helm value `k8sServicePorts`: unset → 1',
      'restart: Helm value `xroutingMode`: unset → 1',
    ]);
  });

  it('judged by the table of the same release, else of the newest held patch of its minor, else of the newest release', () => {
    // The held charts' tables are identical today; a table per release tells which one judges.
    const tables = { '1.19.2': { x: ['agents'] }, '1.19.4': { x: ['operator'] }, '1.18.10': { x: ['hubble'] }, '1.20.0': { x: ['other'] } } as const;
    const judge = (v: string) => effectsFor(v, tables).x;
    expect([judge('1.19.2'), judge('1.19.4'), judge('1.19.9'), judge('1.18.0'), judge('1.20.5'), judge('1.21.0'), judge('2.0.0')])
      .toEqual([['agents'], ['operator'], ['operator'], ['hubble'], ['other'], ['other'], ['other']]);
    // The generated table is what a review reads: ipv6.enabled reaches objects beyond cilium-config on every held release.
    const effect = (v: string) => cilium([version(v)], [version(v), values({ ipv6: { enabled: true } })])[0].split(' changes ')[1];
    for (const v of ['1.18.10', '1.19.4', '1.21.0']) expect(effect(v), v).toBe(`${CONFIG}; other objects the chart deploys.`);
  });
});
