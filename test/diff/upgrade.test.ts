/**
 * The upgrade review in process, from the generated chart data (generated/cilium-upgrades.ts; the
 * real charts are test/upstream/upgrade-review.test.ts's), by class: which version changes it reviews
 * at all, the held release that judges a version, the newest-patch-first step, chart values the target
 * no longer has (as written, under, or above a removed key), changed defaults the cluster leaves unset
 * or sets, what `helm template` deploys differently (none, one, several), the CRD versions of the
 * rendered objects (served, deprecated, gone), and the Kubernetes range upstream tests, at its edges.
 */
import { describe, expect, it } from 'vitest';
import { heldRelease, upgradeChanges, upgradeStep, type RenderedKind, type UpgradeInputs } from '../../src/diff/upgrade.js';
import { HOMELAB } from '../helpers.js';
import { lineOf, resolved, type Edit } from './edit.js';

const version = (v: string): Edit => (s) => {
  s.cilium.version = v;
};
const NO_TEMPLATES = { source: 'src', config: {}, added: [], removed: [] };
/**
 * The upgrade review of homelab from one release to another, `head` edits on the new side. Every change of it is
 * about Cilium: the review's checklist shows the Cilium steps for it.
 */
const upgrade = (from: string, to: string, inputs: UpgradeInputs = { templates: NO_TEMPLATES }, ...head: Edit[]) => {
  const changes = upgradeChanges(resolved(HOMELAB, version(from)), resolved(HOMELAB, version(to), ...head), inputs);
  for (const c of changes) expect(c.topics, c.text).toEqual(['cilium']);
  return changes.map(lineOf);
};
const values = (v: object): Edit => (s) => {
  s.cilium.values = v;
};

describe('what is reviewed', () => {
  it('only an upgrade upstream supports to a release this project knows: a patch or one minor', () => {
    expect(upgrade('1.20.0', '1.20.0')).toEqual([]);
    expect(upgrade('1.20.0', '1.19.4')).toEqual([]);
    expect(upgrade('1.18.10', '1.20.0')).toEqual([]);
    expect(upgrade('1.20.0', '1.21.0')).toEqual([]);
    expect(upgrade('1.19.4', '1.19.6')).toEqual(['safe: `helm template` of 1.19.4 and 1.19.6 deploys the same configuration and objects (src).']);
  });

  it('the held release that judges a version: the same, else the newest held patch of its minor', () => {
    expect(heldRelease('1.19.4')).toBe('1.19.4');
    expect(heldRelease('1.19.5')).toBe('1.19.6');
    expect(heldRelease('1.18.11')).toBe('1.18.12');
    expect(heldRelease('1.17.0')).toBeUndefined();
    expect(upgradeStep('1.19.5', '1.20.3')).toMatchObject({ from: '1.19.6', to: '1.20.0' });
    expect(upgradeStep('1.17.0', '1.18.10')).toBeUndefined();
  });

  it('with no held chart for one side, says the values, defaults and objects are not reviewed', () => {
    expect(upgrade('1.20.0', '1.20.3')).toEqual([
      'safe: No chart held here tells 1.20.0 from 1.20.3 (the newest held 1.20 chart is 1.20.0): the values, defaults and objects this upgrade changes are not reviewed.',
    ]);
  });
});

describe('the path', () => {
  it('a minor upgrade from an older patch asks for the newest patch first; from the newest, or a patch upgrade, does not', () => {
    const first = 'restart: Upgrade to 1.19.6, the newest 1.19 patch, before 1.20.0: the upgrade guide asks for the newest patch of the current minor first, '
      + 'so that a rollback lands on a tested release.';
    expect(upgrade('1.19.4', '1.20.0')[0]).toBe(first);
    expect(upgrade('1.19.6', '1.20.0').some((l) => l.includes('the newest 1.19 patch'))).toBe(false);
    expect(upgrade('1.18.10', '1.18.12').some((l) => l.includes('newest'))).toBe(false);
  });
});

describe('chart values and defaults', () => {
  const at = (lines: string[], start: string) => lines.filter((l) => l.startsWith(start));
  const LOST = 'breaking: The 1.19.4 chart no longer has';

  it('a rendered value the target chart lacks: as the removed key, under it, or above it', () => {
    expect(at(upgrade('1.18.10', '1.19.4', undefined, values({ nodePort: { enabled: true } })), LOST)).toEqual([
      `${LOST} a value this cluster renders: the chart ignores unknown keys, so the setting is silently lost.\n  \`nodePort.enabled\``,
    ]);
    expect(at(upgrade('1.18.10', '1.19.4', undefined, values({ customCalls: { enabled: true, kept: 1 }, nodePort: { enabled: true }, nodePortish: 1 })), LOST)).toEqual([
      `${LOST} values this cluster renders: the chart ignores unknown keys, so the setting is silently lost.\n  \`customCalls.enabled\`\n  \`nodePort.enabled\``,
    ]);
    expect(at(upgrade('1.18.10', '1.19.4', undefined, values({ clustermesh: { apiserver: { tls: { client: 'x' } } } })), LOST)).toEqual([
      `${LOST} a value this cluster renders: the chart ignores unknown keys, so the setting is silently lost.\n  \`clustermesh.apiserver.tls.client\``,
    ]);
    expect(at(upgrade('1.18.10', '1.19.4', undefined, values({ nodePort: { enable: true } })), LOST)).toEqual([]);
  });

  it('changed defaults: taken with the upgrade when left unset, kept when set; long values shortened', () => {
    const lines = upgrade('1.18.10', '1.19.4', undefined, values({ authentication: { enabled: true } }));
    const unset = at(lines, 'restart: The 1.19.4 chart changes defaults of values this cluster leaves unset')[0].split('\n  ');
    expect(unset).toContain('`certgen.ttlSecondsAfterFinished`: 1800 → null');
    expect(unset).not.toContain('`authentication.enabled`: true → false');
    expect(unset.find((l) => l.startsWith('`hubble.export.dynamic.config.content`'))).toBe(
      '`hubble.export.dynamic.config.content`: [{"name":"all","fieldMask":[],"includeFilters":[],"excludeFilters":[],"filePa… → '
        + '[{"name":"all","fieldMask":[],"fieldAggregate":[],"aggregationInterval":"0s",…',
    );
    expect(at(lines, 'safe: The 1.19.4 chart changes defaults')).toEqual([
      'safe: The 1.19.4 chart changes defaults of values this cluster sets: they keep the value set here.\n  `authentication.enabled`: true → false',
    ]);
    expect(at(upgrade('1.18.10', '1.19.4'), 'safe: The 1.19.4 chart changes defaults')).toEqual([]);
    expect(at(upgrade('1.18.10', '1.18.12'), 'restart: The 1.18.12 chart')).toEqual([]);
  });
});

describe('what helm template deploys', () => {
  const templates = (config: Record<string, [string | null, string | null]>, added: string[] = [], removed: string[] = []) =>
    upgrade('1.19.4', '1.19.6', { templates: { source: 'src', config, added, removed } });

  it('nothing different is safe; settings or objects that differ are a restart, counted, each named', () => {
    expect(templates({})).toEqual(['safe: `helm template` of 1.19.4 and 1.19.6 deploys the same configuration and objects (src).']);
    expect(templates({ a: [null, ''] })).toEqual([
      'restart: `helm template` of 1.19.4 and 1.19.6 deploys 1 agent/operator setting differently and 0 objects more or fewer (src).\n  cilium-config `a`: absent → ""',
    ]);
    expect(templates({ a: ['1', null], b: ['x', 'y'] }, ['Role/r'], ['Secret/s'])).toEqual([
      'restart: `helm template` of 1.19.4 and 1.19.6 deploys 2 agent/operator settings differently and 2 objects more or fewer (src).'
        + '\n  cilium-config `a`: 1 → absent\n  cilium-config `b`: x → y\n  added: `Role/r`\n  removed: `Secret/s`',
    ]);
    expect(templates({}, ['Role/r'])[0]).toContain('deploys 0 agent/operator settings differently and 1 object more or fewer (src).');
  });

  it('without the cluster\'s own renders, the generated step\'s, said to be the examples\'', () => {
    expect(upgrade('1.19.4', '1.19.6', {}).at(-1)).toBe(
      'restart: `helm template` of 1.19.4 and 1.19.6 deploys 1 agent/operator setting differently and 0 objects more or fewer '
        + "(generated/cilium-upgrades.ts: the held charts 1.19.4 and 1.19.6 rendered with the examples' values, not this cluster's)."
        + '\n  cilium-config `enable-host-firewall`: absent → false',
    );
  });
});

describe('CRD versions of the rendered objects', () => {
  const crds = (to: string, rendered: RenderedKind[]) =>
    upgrade(to === '1.20.0' ? '1.19.6' : '1.19.4', to, { templates: NO_TEMPLATES, rendered }).filter((l) => l.includes('apiVersion'));
  const pool = (apiVersion: string) => ({ apiVersion, kind: 'CiliumLoadBalancerIPPool' });

  it('every one served and none deprecated; others than Cilium\'s are not judged; none rendered, no line', () => {
    expect(crds('1.20.0', [pool('cilium.io/v2'), { apiVersion: 'v1', kind: 'ConfigMap' }, pool('cilium.io/v2'), { apiVersion: 'cilium.io/v2', kind: 'CiliumBGPPeerConfig' }])).toEqual([
      'safe: Every Cilium apiVersion this cluster renders is served by 1.20.0 and none is deprecated (the CRDs of 1.20.0): '
        + '`cilium.io/v2 CiliumBGPPeerConfig`, `cilium.io/v2 CiliumLoadBalancerIPPool`.',
    ]);
    expect(crds('1.20.0', [{ apiVersion: 'v1', kind: 'ConfigMap' }])).toEqual([]);
    expect(upgrade('1.19.4', '1.19.6', { templates: NO_TEMPLATES }).some((l) => l.includes('apiVersion'))).toBe(false);
  });

  it('deprecated is a restart, not served (or unknown) is breaking; judged by the CRDs of the target minor', () => {
    expect(crds('1.20.0', [pool('cilium.io/v2alpha1'), pool('cilium.io/v1'), { apiVersion: 'cilium.io/v2', kind: 'CiliumWidget' }])).toEqual([
      'breaking: Cilium 1.20.0 no longer serves apiVersions this cluster renders (the CRDs of 1.20.0).'
        + '\n  `CiliumLoadBalancerIPPool` cilium.io/v1: not served (serves v2, v2alpha1)\n  `CiliumWidget` cilium.io/v2: not served (serves nothing)',
      'restart: Cilium 1.20.0 deprecates apiVersions this cluster renders (the CRDs of 1.20.0).\n  `CiliumLoadBalancerIPPool` cilium.io/v2alpha1: deprecated (also served: v2)',
    ]);
    expect(crds('1.19.6', [pool('cilium.io/v2')])[0]).toContain('(the CRDs of 1.19.4)');
    // With no chart step held for the old release, the target's CRDs still judge.
    expect(upgradeChanges(resolved(HOMELAB, version('1.17.0')), resolved(HOMELAB, version('1.18.10')), { rendered: [pool('cilium.io/v2')] })
      .some((c) => c.text.includes('apiVersion'))).toBe(true);
  });
});

describe('the Kubernetes minor upstream tests', () => {
  const k8s = (to: string, k3s?: string) => upgrade(to === '1.20.0' ? '1.19.6' : '1.18.12', to, undefined, (s) => {
    if (k3s) s.k3s.version = k3s;
  }).filter((l) => l.includes('Kubernetes'));

  it('a pinned k3s release at each edge of the range and one past it', () => {
    const line = (range: string, k3s: string, minor: number, verdict: string) =>
      `safe: Cilium ${range}; k3s ${k3s} ships 1.${minor}: ${verdict}.`;
    const IN = 'in that range';
    const OUT = 'outside it, so this pairing is untested upstream';
    expect(k8s('1.19.6', 'v1.34.2+k3s1')).toEqual([line('1.19 is tested upstream with Kubernetes 1.31–1.34', 'v1.34.2+k3s1', 34, IN)]);
    expect(k8s('1.19.6', 'v1.35.0+k3s1')).toEqual([line('1.19 is tested upstream with Kubernetes 1.31–1.34', 'v1.35.0+k3s1', 35, OUT)]);
    expect(k8s('1.20.0', 'v1.33.1+k3s1')).toEqual([line('1.20 is tested upstream with Kubernetes 1.33–1.36', 'v1.33.1+k3s1', 33, IN)]);
    expect(k8s('1.20.0', 'v1.32.1+k3s1')).toEqual([line('1.20 is tested upstream with Kubernetes 1.33–1.36', 'v1.32.1+k3s1', 32, OUT)]);
  });

  it('unpinned: the oldest k3s the project supports; only for a minor upgrade', () => {
    expect(k8s('1.20.0')).toEqual(['safe: Cilium 1.20 is tested upstream with Kubernetes 1.33–1.36; the k3s release this project supports ships 1.34: in that range.']);
    expect(upgrade('1.19.4', '1.19.6').some((l) => l.includes('Kubernetes'))).toBe(false);
  });
});
