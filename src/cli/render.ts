/** The one render, as the CLI calls it: a loaded cluster file through K3sCiliumCluster in a fresh cdk8s App. */
import { App } from 'cdk8s';
import { K3sCiliumCluster } from '../../constructs/k3s-cilium-cluster.js';
import type { ResolvedCluster } from '../model/resolved.js';
import type { ArgoCdApplicationSettings } from '../model/resolve/fleet.js';
import { type Diagnostic, hasErrors } from '../model/diagnostics.js';
import type { RenderedKind } from '../diff/upgrade.js';

/** A cluster file that loaded without errors. */
export interface ValidClusterFile {
  readonly file: string;
  readonly cluster: ResolvedCluster;
  readonly diagnostics: readonly Diagnostic[];
}

/** The cluster's construct in a fresh App. */
function construct(loaded: ValidClusterFile, argoCd?: ArgoCdApplicationSettings): K3sCiliumCluster {
  // The CLI reports the loader's findings itself, warnings included.
  const props = { spec: loaded.cluster.spec, source: loaded.file, checked: loaded, argoCd };
  // Construct ids are keys of a plain object inside the constructs library: `constructor` as an id would
  // collide with Object.prototype's, so the user's name is never an id on its own.
  // The App is never synthesized (files() and manifestObjects() render in memory): its outdir is never used, only never a real folder.
  // Stryker disable next-line ObjectLiteral,StringLiteral: the outdir is never used (above)
  return new K3sCiliumCluster(new App({ outdir: '/dev/null' }), `cluster-${loaded.cluster.name}`, props);
}

/** Every output of one cluster: path relative to the output directory → text. */
export function renderClusterFile(loaded: ValidClusterFile, argoCd?: ArgoCdApplicationSettings): Map<string, string> {
  return construct(loaded, argoCd).files();
}

/** The objects of each `manifests/` file (the --stdout stream), in apply order: no PLAN.md, k3s files or YAML of other files are rendered. */
export function* renderManifestObjects(loaded: ValidClusterFile): Generator<unknown[]> {
  for (const [, objects] of construct(loaded).manifestObjects()) yield objects;
}

/** The files of one cluster's own directory, path relative to it. */
export function clusterDirectory(files: ReadonlyMap<string, string>, clusterName: string): Map<string, string> {
  const prefix = `${clusterName}/`;
  return new Map([...files].filter(([p]) => p.startsWith(prefix)).map(([p, t]) => [p.slice(prefix.length), t]));
}

/** The apiVersion and kind of every object a cluster the checks accept renders (a refused one renders nothing). */
export function renderedKinds(c: ValidClusterFile): RenderedKind[] | undefined {
  if (hasErrors(c.diagnostics)) return undefined;
  return [...renderManifestObjects({ ...c, diagnostics: [] })].flat().map((o) => o as RenderedKind);
}
