/**
 * The upstream reference data the checks judge by, read from the shared directory:
 * `cilium/<release>/{crds,chart}`, `k3s/flags.json`, `k3s/helm.cattle.io_*.yaml`. Loaded lazily and
 * cached per directory, so many clusters and releases compile each schema once.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ciliumCapabilities } from '../model/cilium-versions.js';
import { newAjv } from './ajv.js';
import { CrdDocument, CrdSchemas } from './crd-schemas.js';
import { ChartValuesReference, deniedValuePaths } from './helm-values.js';
import type { K3sFlag } from './k3s-config.js';
import { valuesKeys } from './values-keys.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function readCrds(paths: string[]): CrdSchemas {
  const docs = paths.flatMap((p) => parseAllDocuments(readFileSync(p, 'utf8')).map((d) => d.toJS()))
    .filter((d): d is CrdDocument => d?.kind === 'CustomResourceDefinition');
  return new CrdSchemas(docs);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

export class ReferenceData {
  private readonly cache = new Map<string, unknown>();

  constructor(public readonly dir: string) {}

  private cached<T>(key: string, load: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, load());
    return this.cache.get(key) as T;
  }

  /** Whether the directory holds the data (a user's clone usually has none). */
  exists(): boolean {
    return existsSync(join(this.dir, 'cilium')) && existsSync(join(this.dir, 'k3s', 'flags.json'));
  }

  /** Cilium releases with CRDs and chart data whose minor is supported, oldest first. */
  ciliumReleases(): string[] {
    return this.cached('releases', () =>
      readdirSync(join(this.dir, 'cilium'))
        .filter(
          (r) => ciliumCapabilities(r) && existsSync(join(this.dir, 'cilium', r, 'crds')) && existsSync(join(this.dir, 'cilium', r, 'chart', 'values.yaml')),
        )
        .sort(compareVersions),
    );
  }

  /** The release whose data judges `version`: the same release, else the newest held patch of its minor. */
  releaseFor(version: string): string | undefined {
    const releases = this.ciliumReleases();
    if (releases.includes(version)) return version;
    const minor = version.split('.').slice(0, 2).join('.');
    return releases.filter((r) => r.startsWith(`${minor}.`)).at(-1);
  }

  /** The CRDs of a Cilium release. */
  ciliumCrds(release: string): CrdSchemas {
    return this.cached(`crds ${release}`, () => readCrds(yamlFiles(join(this.dir, 'cilium', release, 'crds'))));
  }

  /** The helm.cattle.io CRDs k3s installs (HelmChart, HelmChartConfig). */
  helmControllerCrds(): CrdSchemas {
    return this.cached('helm crds', () =>
      readCrds(
        readdirSync(join(this.dir, 'k3s'))
          .filter((f) => /^helm\.cattle\.io_.*\.ya?ml$/.test(f))
          .sort()
          .map((f) => join(this.dir, 'k3s', f)),
      ),
    );
  }

  /** values.schema.json and values.yaml keys of a Cilium chart release. */
  chartValues(release: string): ChartValuesReference {
    return this.cached(`values ${release}`, () => {
      const chart = join(this.dir, 'cilium', release, 'chart');
      const schema = JSON.parse(readFileSync(join(chart, 'values.schema.json'), 'utf8'));
      return {
        source: `Cilium ${release} chart`,
        schema: newAjv().compile(schema),
        keys: valuesKeys(readFileSync(join(chart, 'values.yaml'), 'utf8')),
        denied: deniedValuePaths(ciliumCapabilities(release)!),
      };
    });
  }

  /** The flags of `k3s server` and `k3s agent`. */
  k3sFlags(): K3sFlag[] {
    return this.cached('flags', () => JSON.parse(readFileSync(join(this.dir, 'k3s', 'flags.json'), 'utf8')) as K3sFlag[]);
  }
}

const instances = new Map<string, ReferenceData>();

/** The (shared, cached) reference data of a directory. */
export function referenceData(dir: string): ReferenceData {
  let data = instances.get(dir);
  if (!data) instances.set(dir, (data = new ReferenceData(dir)));
  return data;
}
