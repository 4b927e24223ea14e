/**
 * The representative cluster files every upstream judge runs on (the conformance checker, the real
 * chart, kustomize): every file of clusters/, test/fixtures/clusters/, examples/ and the valid
 * fixtures, each rendered once per held Cilium release with `cilium.version` replaced, the way a
 * user would pin another release.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import type { ValidClusterFile } from '../src/cli/render.js';
import { loadClusterText, type LoadedClusterFile } from '../src/load/cluster-file.js';
import { ciliumCapabilities } from '../src/model/cilium-versions.js';
import { loadValidText, renderLoaded, ROOT } from './helpers.js';

const yamlIn = (dir: string) =>
  existsSync(join(ROOT, dir)) ? readdirSync(join(ROOT, dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => `${dir}/${f}`) : [];

export const REPRESENTATIVE_CLUSTERS: readonly string[] = [
  ...yamlIn('clusters'), ...yamlIn('test/fixtures/clusters'), ...yamlIn('examples'), ...yamlIn('test/fixtures/valid'),
];

/** Representative clusters that a release cannot run by design, and the reason the checks must give. */
export const NOT_ON_RELEASE: Readonly<Record<string, { minor: string; reason: RegExp }>> = {
  // IPv6 L2 announcements (NDP) came in Cilium 1.19.
  'examples/dual-stack.yaml': { minor: '1.18', reason: /L2 announcements answer ARP only; NDP for IPv6 came in Cilium 1\.19/ },
  'test/fixtures/valid/ipv6-l2-pool.yaml': { minor: '1.18', reason: /L2 announcements answer ARP only; NDP for IPv6 came in Cilium 1\.19/ },
  'test/fixtures/valid/l2-ipv6-slash80-pool.yaml': { minor: '1.18', reason: /L2 announcements answer ARP only; NDP for IPv6 came in Cilium 1\.19/ },
};

export const refusedOn = (file: string, release: string): boolean => NOT_ON_RELEASE[file]?.minor === ciliumCapabilities(release)?.minor;

/** The cluster file's text with `cilium.version` replaced. */
export function textFor(file: string, version: string): string {
  const doc = parseDocument(readFileSync(join(ROOT, file), 'utf8'));
  doc.setIn(['cilium', 'version'], version);
  return doc.toString();
}

/** Loads a representative cluster for a release. */
export function loadFor(file: string, version: string): LoadedClusterFile {
  return loadClusterText(file, textFor(file, version));
}

/** Loads a representative cluster that must be valid on the release. */
export function loadValidFor(file: string, version: string): ValidClusterFile {
  return loadValidText(file, textFor(file, version));
}

const rendered = new Map<string, Map<string, string>>();

/** The files of the cluster's directory, rendered for the release (memoized per test worker). */
export function renderFor(file: string, version: string): Map<string, string> {
  const key = `${file}@${version}`;
  if (!rendered.has(key)) rendered.set(key, renderLoaded(loadValidFor(file, version)));
  return rendered.get(key)!;
}

/** Every (release, file) pair the release can run, and those it refuses by design. */
export function representativeRuns(releases: readonly string[]): { runs: { release: string; file: string }[]; refused: { release: string; file: string }[] } {
  const all = releases.flatMap((release) => REPRESENTATIVE_CLUSTERS.map((file) => ({ release, file })));
  return { runs: all.filter(({ release, file }) => !refusedOn(file, release)), refused: all.filter(({ release, file }) => refusedOn(file, release)) };
}
