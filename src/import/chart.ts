/**
 * What the Cilium chart of one release reads: whether a key exists and the nearest key to a
 * misspelt one come from the committed chart keys (generated/cilium-chart-keys.ts, the same table
 * check 35 judges `cilium.values` by); a key's default from the chart's values.yaml in the reference
 * data (`<shared>/cilium/<release>/chart/values.yaml`), when it is there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { parse } from 'yaml';
import { chartKeys, chartReleaseIndex, HELD_CHART_RELEASES } from '../model/cilium-chart-keys.js';

export interface ChartKnowledge {
  /** The release whose chart this is. */
  readonly release: string;
  /** Whether the chart's values.yaml (its defaults) was at hand. */
  readonly hasDefaults: boolean;
  /** Whether the chart reads this dotted key path (a free-form map's children count). */
  knows(path: string): boolean;
  /** The chart's default at the path; `undefined` when values.yaml sets none or is not at hand. */
  defaultOf(path: string): unknown;
  /** The existing key nearest to an unknown one, when one is near. */
  nearest(path: string): string | undefined;
}

function valueAt(values: unknown, path: string): unknown {
  let cur = values;
  for (const part of path.split('.')) {
    if (!cur || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const cache = new Map<string, ChartKnowledge | undefined>();

/** The chart of `version` (its held release, else the newest held patch of its minor); defaults only with `sharedDir`. */
export function chartKnowledge(version: string, sharedDir?: string): ChartKnowledge | undefined {
  const index = chartReleaseIndex(version);
  if (index === undefined) return undefined;
  const release = HELD_CHART_RELEASES[index];
  const id = `${release} ${sharedDir ?? ''}`;
  if (cache.has(id)) return cache.get(id);
  const keys = [...chartKeys()].filter(([, k]) => (k.mask >> index) & 1);
  const paths = new Set(keys.map(([p]) => p));
  const freeForm = new Set(keys.filter(([, k]) => k.freeForm).map(([p]) => p));
  const file = sharedDir && join(sharedDir, 'cilium', release, 'chart', 'values.yaml');
  const defaults = file && existsSync(file) ? parse(readFileSync(file, 'utf8')) as unknown : undefined;
  const all = [...paths];
  const chart: ChartKnowledge = {
    release,
    hasDefaults: defaults !== undefined,
    knows: (path) => {
      if (paths.has(path)) return true;
      const parts = path.split('.');
      for (let i = parts.length - 1; i > 0; i--) if (freeForm.has(parts.slice(0, i).join('.'))) return true;
      return false;
    },
    defaultOf: (path) => valueAt(defaults, path),
    nearest: (path) => {
      const near = closest(path, all);
      return distance(path, near) <= Math.max(2, Math.floor(path.length / 5)) ? near : undefined;
    },
  };
  cache.set(id, chart);
  return chart;
}
