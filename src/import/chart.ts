/**
 * What the Cilium chart of one release reads, from its values.yaml in the reference data
 * (`<shared>/cilium/<release>/chart/values.yaml`): whether a key exists (documented commented-out
 * keys included, as `validate` counts them), its default, and the nearest key to a misspelt one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { parse } from 'yaml';
import { valuesKeys, type ValuesKeys } from '../conformance/values-keys.js';

export interface ChartKnowledge {
  /** The release whose chart this is. */
  readonly release: string;
  /** Whether the chart reads this dotted key path (a free-form map's children count). */
  knows(path: string): boolean;
  /** The chart's default at the path; `undefined` when values.yaml sets none. */
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

function knows(keys: ValuesKeys, path: string): boolean {
  if (keys.paths.has(path)) return true;
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 0; i--) if (keys.freeForm.has(parts.slice(0, i).join('.'))) return true;
  return false;
}

const cache = new Map<string, ChartKnowledge | undefined>();

/** The chart of `release` in `sharedDir`, or undefined when the reference data does not hold it. */
export function chartKnowledge(sharedDir: string, release: string): ChartKnowledge | undefined {
  const file = join(sharedDir, 'cilium', release, 'chart', 'values.yaml');
  if (cache.has(file)) return cache.get(file);
  let chart: ChartKnowledge | undefined;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    const keys = valuesKeys(text);
    const defaults = parse(text) as unknown;
    const all = [...keys.paths];
    chart = {
      release,
      knows: (path) => knows(keys, path),
      defaultOf: (path) => valueAt(defaults, path),
      nearest: (path) => {
        const near = closest(path, all);
        return distance(path, near) <= Math.max(2, Math.floor(path.length / 5)) ? near : undefined;
      },
    };
  }
  cache.set(file, chart);
  return chart;
}
