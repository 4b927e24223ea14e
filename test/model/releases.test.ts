/**
 * Release tables of src/model (cilium-versions.ts, k3s-versions.ts, cilium-behaviour.ts,
 * cilium-chart-keys.ts) answered at the edges of what they support, and the small shared helpers
 * (file-kind.ts, by-name.ts) on real inputs.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byName } from '../../src/model/by-name.js';
import { behaviourReleases, ciliumHas } from '../../src/model/cilium-behaviour.js';
import { chartKeys, chartReleaseIndex, HELD_CHART_RELEASES } from '../../src/model/cilium-chart-keys.js';
import {
  CILIUM_CAPABILITIES, ciliumCapabilities, ciliumCapabilitiesOrNewest, SUPPORTED_CILIUM_MINORS, SUPPORTED_CILIUM_RANGE,
} from '../../src/model/cilium-versions.js';
import { kindOf } from '../../src/model/file-kind.js';
import { k3sCapabilities, k3sKubernetesMinor, SUPPORTED_K3S_RANGE } from '../../src/model/k3s-versions.js';
import { tempDir } from '../helpers.js';

describe('supported releases', () => {
  it('Cilium: a release is `1.<minor>.<patch>` of a supported minor; anything else is none, and the newest stands in where one is needed', () => {
    expect(ciliumCapabilities('1.18.0')?.minor).toBe('1.18');
    expect(ciliumCapabilities('1.20.99')?.minor).toBe('1.20');
    for (const v of ['1.17.9', '1.21.0', '1.20', '1.20.0.1', 'v1.20.0', '1.20.0-rc.1', ' 1.20.0', '']) expect(ciliumCapabilities(v), v).toBeUndefined();
    expect(ciliumCapabilitiesOrNewest('1.21.0')).toBe(CILIUM_CAPABILITIES[CILIUM_CAPABILITIES.length - 1]);
    expect(ciliumCapabilitiesOrNewest('1.19.1').minor).toBe('1.19');
    expect([SUPPORTED_CILIUM_RANGE, SUPPORTED_CILIUM_MINORS]).toEqual(['1.18.x–1.20.x', '1.18.x, 1.19.x or 1.20.x']);
  });

  it('k3s: `v1.<minor>.<patch>+k3s<n>` of v1.34 to v1.37; one minor outside either end is none', () => {
    expect([k3sKubernetesMinor('v1.36.1+k3s1'), k3sKubernetesMinor('v1.36.1'), k3sKubernetesMinor('1.36.1+k3s1'), k3sKubernetesMinor('v1.36.1+k3s')])
      .toEqual([36, undefined, undefined, undefined]);
    expect(['v1.33.9+k3s1', 'v1.34.0+k3s1', 'v1.37.2+k3s2', 'v1.38.0+k3s1'].map((v) => k3sCapabilities(v)?.minor)).toEqual([undefined, 34, 37, undefined]);
    expect(k3sCapabilities('v1.35.0+k3s1')).toMatchObject({ gatewayApiCrds: false, hasFlagsAfter1_34_3: false });
    expect(k3sCapabilities('v1.36.0+k3s1')).toMatchObject({ gatewayApiCrds: false, hasFlagsAfter1_34_3: true });
    expect(SUPPORTED_K3S_RANGE).toBe('v1.34–v1.37');
  });

  it('patch-level behaviour: from the first patch that has it, compared as numbers; a minor without it never', () => {
    expect(['1.20.1', '1.20.2', '1.20.3', '1.20.10', '1.19.99', '1.21.5'].map((v) => ciliumHas(v, 'l2HonoursEtpLocal'))).toEqual([false, true, true, true, false, false]);
    const entry = (since: Record<string, string>) => ({ id: 'l2HonoursEtpLocal' as const, behaviour: 'x', source: 'y', since });
    expect(behaviourReleases(entry({}))).toBe('no release');
    expect(behaviourReleases(entry({ '1.18': '1.18.0', '1.19': '1.19.0', '1.20': '1.20.0' }))).toBe('every supported release');
    expect(behaviourReleases(entry({ '1.18': '1.18.0', '1.19': '1.19.0', '1.20': '1.20.1' })))
      .toBe('1.18.0 and later 1.18 releases, 1.19.0 and later 1.19 releases, 1.20.1 and later 1.20 releases');
    expect(behaviourReleases(entry({ '1.19': '1.19.3' }))).toBe('1.19.3 and later 1.19 releases; no 1.18 or 1.20 release');
  });

  it('the chart keys: each held release\'s keys with their types and free-form maps; a release judged by its own chart or its minor\'s newest', () => {
    const keys = chartKeys();
    expect(keys).toBe(chartKeys());
    expect(keys.get('MTU')).toEqual({ mask: 7, types: ['integer'], freeForm: false });
    expect(keys.get('annotations')).toEqual({ mask: 7, types: ['object'], freeForm: true });
    expect(keys.get('apiRateLimit')?.types).toEqual(['null', 'string']);
    expect(keys.get('alibabacloud.nodeSpec')?.mask).toBe(6);
    expect([...keys.values()].some((k) => k.types.length === 0)).toBe(true);
    expect(HELD_CHART_RELEASES).toEqual(['1.18.10', '1.19.4', '1.20.0']);
    expect(['1.18.10', '1.19.4', '1.19.1', '1.20.7', '1.21.0', '1.1.0'].map(chartReleaseIndex)).toEqual([0, 1, 1, 2, undefined, undefined]);
  });
});

describe('shared helpers', () => {
  it('kindOf names a folder, a symbolic link, a FIFO and a device; anything else is not a regular file', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'f'), '');
    symlinkSync('f', join(dir, 'l'));
    expect(spawnSync('mkfifo', [join(dir, 'p')]).status).toBe(0);
    expect([kindOf(statSync(join(dir, 'd'))), kindOf(lstatSync(join(dir, 'l'))), kindOf(statSync(join(dir, 'p'))), kindOf(statSync('/dev/null'))])
      .toEqual(['a folder', 'a symbolic link', 'a FIFO', 'a device']);
    expect(kindOf(statSync(join(dir, 'f')))).toBe('not a regular file');
    const socket = {
      isDirectory: () => false, isSymbolicLink: () => false, isFIFO: () => false, isSocket: () => true,
      isCharacterDevice: () => false, isBlockDevice: () => false,
    };
    expect(kindOf(socket as never)).toBe('a socket');
    expect(kindOf({ ...socket, isSocket: () => false, isBlockDevice: () => true } as never)).toBe('a device');
  });

  it('byName orders entries by code unit, not by locale; equal names are equal', () => {
    const entries: [string, unknown][] = [['b', 1], ['B', 2], ['a', 3], ['é', 4], ['a', 5]];
    expect(entries.sort(byName).map(([k]) => k)).toEqual(['B', 'a', 'a', 'b', 'é']);
    expect([byName(['a', 0], ['b', 0]), byName(['b', 0], ['a', 0]), byName(['a', 0], ['a', 1])]).toEqual([-1, 1, 0]);
  });
});
