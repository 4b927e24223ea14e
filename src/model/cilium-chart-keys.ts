/**
 * The key paths of each held Cilium chart (generated/cilium-chart-keys.ts, from values.yaml and
 * values.schema.json of ../shared), parsed on first use: what `cilium.values` may set.
 */
import { CHART_KEY_ROWS, CHART_RELEASES } from '../../generated/cilium-chart-keys.js';

/** One key path of the charts. */
export interface ChartKey {
  /** Bit i set: CHART_RELEASES[i] has the key. */
  readonly mask: number;
  /** JSON types values.schema.json allows (empty: any). */
  readonly types: readonly string[];
  /** A map or list whose entries are the user's own (nodeSelector, extraArgs…). */
  readonly freeForm: boolean;
}

let table: Map<string, ChartKey> | undefined;

/** Every key path of every held chart. */
export function chartKeys(): ReadonlyMap<string, ChartKey> {
  if (!table) {
    table = new Map();
    for (const row of CHART_KEY_ROWS.split('\n')) {
      const [path, mask, types, freeForm] = row.split('\t');
      table.set(path, { mask: parseInt(mask, 16), types: types ? types.split('|') : [], freeForm: freeForm === '1' });
    }
  }
  return table;
}

/** The held chart releases, oldest first. */
export const HELD_CHART_RELEASES = CHART_RELEASES;

/** The held chart that judges a release: the same release, else the newest held patch of its minor. */
export function chartReleaseIndex(version: string): number | undefined {
  const exact = CHART_RELEASES.indexOf(version);
  if (exact >= 0) return exact;
  const minor = version.split('.').slice(0, 2).join('.');
  const same = CHART_RELEASES.map((r, i) => [r, i] as const).filter(([r]) => r.startsWith(`${minor}.`));
  return same.at(-1)?.[1];
}
