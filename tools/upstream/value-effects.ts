/**
 * What each Helm value this project renders does to a running cluster, read from the real chart:
 * for every held release and every value path the example and fixture clusters render, the chart
 * is rendered with the value and with it changed, and the objects that differ say the effect — the
 * agent DaemonSet's pod template (every agent restarts), the operator Deployment's pod template
 * (the operator restarts), the cilium-config ConfigMap (applied when agents and operator restart;
 * the chart does not roll them for it), the Hubble relay/UI objects, or other objects. The network
 * review (src/diff/cilium.ts) reads the result, generated/cilium-value-effects.ts. The value is
 * changed as value-probes.ts says: taken away (the chart's default) where that deploys something else,
 * else changed to another value of its type; the dead-key test's renders are these.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { valuePaths } from '../../src/conformance/helm-values.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import type { K8sObject } from './helm.js';
import { deployed, type Deployed, refused, sameDeployed as same, valueProbe } from './value-probes.js';

export type ValueEffect = 'agents' | 'operator' | 'config' | 'hubble' | 'other';
type Values = Record<string, unknown>;

/** The cluster files whose values are probed: the examples and the test fixtures (not clusters/, which a user edits). */
export const PROBED_DIRECTORIES = ['examples', 'test/fixtures/clusters', 'test/fixtures/valid'];

const id = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The effects of going from `before` to `after` (two renders of the chart). */
export function effectsBetween(before: readonly K8sObject[], after: readonly K8sObject[]): ValueEffect[] {
  const [a, b] = [new Map(before.map((o) => [id(o), o])), new Map(after.map((o) => [id(o), o]))];
  const effects = new Set<ValueEffect>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const [x, y] = [a.get(key), b.get(key)];
    if (same(x, y)) continue;
    const o = (x ?? y)!;
    if (o.kind === 'DaemonSet' && o.metadata.name === 'cilium') {
      if (!same(x?.spec?.template, y?.spec?.template)) effects.add('agents');
      else effects.add('other');
    } else if (o.kind === 'Deployment' && o.metadata.name === 'cilium-operator') {
      if (!same(x?.spec?.template, y?.spec?.template)) effects.add('operator');
      else effects.add('other');
    } else if (o.kind === 'ConfigMap' && o.metadata.name === 'cilium-config') {
      effects.add('config');
    } else if (/^hubble-(relay|ui)/.test(o.metadata.name)) {
      effects.add('hubble');
    } else {
      effects.add('other');
    }
  }
  return (['agents', 'operator', 'config', 'hubble', 'other'] as const).filter((e) => effects.has(e));
}

/** The effects of every probed value path on every release, paths sorted. */
export async function valueEffects(root: string, releases: readonly string[]): Promise<Record<string, Record<string, ValueEffect[]>>> {
  const files = PROBED_DIRECTORIES.flatMap((dir) => readdirSync(join(root, dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${dir}/${f}`));
  const table: Record<string, Record<string, ValueEffect[]>> = {};
  for (const release of releases) {
    // Every cluster that renders a path is a candidate base: a change the chart refuses on one (the Hubble UI
    // without relay) may render on another.
    const cases = new Map<string, Values[]>();
    for (const file of files) {
      const doc = parseDocument(readFileSync(join(root, file), 'utf8'));
      doc.setIn(['cilium', 'version'], release);
      const loaded = loadClusterText(file, doc.toString());
      if (!loaded.cluster) continue;
      const values = loaded.cluster.cilium.values as Values;
      for (const path of valuePaths(values)) cases.set(path, [...(cases.get(path) ?? []), values]);
    }
    const bases = new Map<Values, Promise<Deployed>>();
    const base = (values: Values) => {
      if (!bases.has(values)) bases.set(values, deployed(release, values));
      return bases.get(values)!;
    };
    const entries = await Promise.all([...cases].map(async ([path, candidates]) => {
      for (const values of candidates) {
        const before = await base(values);
        if (refused(before)) continue;
        const { withoutKey, changed } = valueProbe(release, values, path);
        const without = withoutKey && await deployed(release, withoutKey);
        if (without && !refused(without) && !same(without, before)) return [path, effectsBetween(before, without)] as const;
        const after = await deployed(release, changed);
        if (!refused(after)) return [path, effectsBetween(before, after)] as const;
      }
      // A change the chart refuses everywhere tells nothing about what it deploys: the review treats it as a configuration change.
      return [path, ['config' as const]] as const;
    }));
    table[release] = Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  return table;
}

/** generated/cilium-value-effects.ts for a table. */
export function valueEffectsSource(table: Record<string, Record<string, readonly ValueEffect[]>>): string {
  const lines = Object.entries(table).flatMap(([release, paths]) => [
    `  '${release}': {`,
    ...Object.entries(paths).map(([path, effects]) => `    '${path}': [${effects.map((e) => `'${e}'`).join(', ')}],`),
    '  },',
  ]);
  return [
    '// Generated by `npm run value-effects` from the real Cilium charts of ../shared (tools/upstream/value-effects.ts). Do not edit.',
    '/* eslint-disable */',
    '/** What changing a rendered Helm value changes in what the chart deploys. */',
    'export type ValueEffect = \'agents\' | \'operator\' | \'config\' | \'hubble\' | \'other\';',
    '',
    '/** Per held release, per value path: the effects of changing it. */',
    'export const VALUE_EFFECTS: Readonly<Record<string, Readonly<Record<string, readonly ValueEffect[]>>>> = {',
    ...lines,
    '};',
    '',
  ].join('\n');
}
