/**
 * How a Helm value is probed against the real chart, shared by the two probes that ask about every
 * value path the project renders: is the key live (test/upstream/dead-keys.test.ts) and what does
 * changing it deploy (value-effects.ts). Both first take the key away — set to the default of the
 * chart's values.yaml, or removed where it has none, which is what the chart deploys without the key —
 * and only where that deploys the same objects change it another way; so one render answers both
 * (each render of the chart costs about 0.4 s of CPU, and there are about 40 paths per release). The
 * chart's own default is also the one change of a string the chart's schema never refuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sharedDir } from '../../src/conformance/shared-dir.js';
import { ciliumChart, helmTemplate, HelmTemplateError, K8sObject, valuesText, withoutGeneratedCertificates } from './helm.js';
import { changedValue, getPath, keyAt, REMOVE, withPath } from './value-paths.js';

type Values = Record<string, unknown>;

/** What the chart deploys (certificates blanked), or its refusal. */
export type Deployed = K8sObject[] | { refused: string };

export const refused = (d: Deployed): d is { refused: string } => !Array.isArray(d);
export const sameDeployed = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Renders the chart of a held release with the values; a value the chart refuses matters as much as one it deploys. */
export function deployed(release: string, values: Values): Promise<Deployed> {
  return helmTemplate({ chart: ciliumChart(release), values: valuesText(values) }).then(
    (r) => withoutGeneratedCertificates(r.objects),
    (e: unknown) => {
      if (e instanceof HelmTemplateError) return { refused: e.reason };
      throw e;
    },
  );
}

const chartDefaults = new Map<string, Values>();

/** The values.yaml of a held release's chart. */
export function chartValues(release: string): Values {
  if (!chartDefaults.has(release)) {
    chartDefaults.set(release, parse(readFileSync(join(sharedDir(), 'cilium', release, 'chart', 'values.yaml'), 'utf8')) as Values);
  }
  return chartDefaults.get(release)!;
}

/** One value path of a values tree, and the two ways the probes vary it. */
export interface ValueProbe {
  /** The chart's values.yaml has the key. */
  readonly hasDefault: boolean;
  /** The values without the key (set to the chart's default, or removed where it has none); undefined where the value is the default. */
  readonly withoutKey: Values | undefined;
  /** The values with the key changed to another value of its type. */
  readonly changed: Values;
}

/** How the probes vary `path` of `values` on a release. */
export function valueProbe(release: string, values: Values, path: string): ValueProbe {
  const { present: hasDefault, value: chartDefault } = keyAt(chartValues(release), path);
  const value = getPath(values, path);
  const withoutKey = !hasDefault ? withPath(values, path, REMOVE)
    : sameDeployed(chartDefault ?? null, value) ? undefined : withPath(values, path, chartDefault);
  return { hasDefault, withoutKey, changed: withPath(values, path, changedValue(path, value)) };
}
