/**
 * One cluster spec through every path that enforces the limits: the cluster file written in block
 * style (src/load/yaml-block.ts) and in flow style (yaml's full parser), both through the CLI's
 * loader, and the library's K3sCiliumCluster (its cdk8s validations). The findings of the two files
 * must be the same; the library must refuse exactly what the files get as errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { parse, stringify } from 'yaml';
import { expect } from 'vitest';
import { K3sCiliumCluster } from '../../constructs/k3s-cilium-cluster.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import type { Diagnostic } from '../../src/model/diagnostics.js';
import { ROOT } from '../helpers.js';

const FILE = 'c.yaml';

/** A fresh copy of a cluster file of the repository, as data to edit. */
export function specOf(path: string): any {
  return parse(readFileSync(join(ROOT, path), 'utf8'));
}

const line = (d: Diagnostic) => `${d.severity === 'warning' ? 'warning: ' : ''}${d.path}: ${d.message}`;

/** The errors of the library path, as `path: message` (without the fix). */
export function libraryErrors(spec: unknown): string[] {
  const app = new App({ outdir: '/dev/null' });
  new K3sCiliumCluster(app, 't', { spec: structuredClone(spec) as never, source: FILE });
  try {
    app.synthYaml();
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1).map((l) => l.trim()).filter((l) => l.startsWith(`[t] ${FILE}: `))
      .map((l) => l.slice(`[t] ${FILE}: `.length));
  }
}

/**
 * The findings (`[warning: ]path: message`) of the spec, the same on both YAML paths; the library's
 * errors are checked to be the files' errors.
 */
export function findings(spec: unknown, { library = true }: { library?: boolean } = {}): string[] {
  const block = loadClusterText(FILE, stringify(spec)).diagnostics.map(line);
  const flow = loadClusterText(FILE, JSON.stringify(spec)).diagnostics.map(line);
  expect(flow, 'the flow-style file gets the block-style file\'s findings').toEqual(block);
  if (library) {
    const errors = block.filter((l) => !l.startsWith('warning: '));
    const lib = libraryErrors(spec);
    expect(lib.length, `the library refuses what the file path refuses:\n${lib.join('\n')}\n---\n${errors.join('\n')}`).toBe(errors.length);
    for (const e of errors) expect(lib.some((l) => l.startsWith(e))).toBe(true);
  }
  return block;
}

/** The findings at one field path. */
export function findingsAt(spec: unknown, path: string, options?: { library?: boolean }): string[] {
  return findings(spec, options).filter((l) => l.replace(/^warning: /, '').startsWith(`${path}: `));
}

/** Sets a value at a dotted path (`a.b[0].c`), creating objects on the way. */
export function setPath(spec: any, path: string, value: unknown): any {
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let o = spec;
  for (const k of keys.slice(0, -1)) o = o[k] ??= {};
  o[keys[keys.length - 1]] = value;
  return spec;
}
