/** Shared test helpers: load a cluster file the way the CLI does and render it; temporary folders that go when their test ends. */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { onTestFinished, TestRunner } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { clusterDirectory, renderClusterFile, ValidClusterFile } from '../src/cli/render.js';
import { loadClusterFile, loadClusterText } from '../src/load/cluster-file.js';
import type { ResolvedCluster } from '../src/model/resolved.js';
import { STATE_DIR } from '../src/write/tree.js';

export const ROOT = resolve(import.meta.dirname, '..');

/** The default cluster as a test fixture: a copy of clusters/homelab.yaml that users editing clusters/ do not change. */
export const HOMELAB = 'test/fixtures/clusters/homelab.yaml';

/** Loads a cluster file (path relative to the project) that must be valid; fails the test with its diagnostics otherwise. */
export function loadValidFile(file: string): ValidClusterFile {
  return valid(loadClusterFile(resolve(ROOT, file)), file);
}

/** Loads cluster-file text that must be valid. */
export function loadValidText(file: string, text: string): ValidClusterFile {
  return valid(loadClusterText(file, text), file);
}

function valid(loaded: { cluster?: ResolvedCluster; diagnostics: ValidClusterFile['diagnostics'] }, file: string): ValidClusterFile {
  if (!loaded.cluster) throw new Error(`${file} is invalid:\n${loaded.diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n')}`);
  return { file, cluster: loaded.cluster, diagnostics: loaded.diagnostics };
}

/** The resolved cluster of a valid cluster file. */
export function loadValid(file: string): ResolvedCluster {
  return loadValidFile(file).cluster;
}

/** Renders a valid cluster file to its own directory's files (path relative to <out>/<name>/ → text). */
export function renderFile(file: string): Map<string, string> {
  return renderLoaded(loadValidFile(file));
}

/** Renders a loaded cluster to its own directory's files. */
export function renderLoaded(loaded: ValidClusterFile): Map<string, string> {
  return clusterDirectory(renderClusterFile(loaded), loaded.cluster.name);
}

/** All YAML documents of a rendered multi-document file, as plain objects. */
export function docs(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null);
}

/** One YAML document. */
export function doc(text: string): any {
  return parse(text);
}

/** Reads a file under the project root. */
export function readProjectFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** Every file under `dir`, path relative to it → text, in path order. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      // The writer's own state (ownership manifest, journal, lock) is not rendered output.
      if (p === join(dir, STATE_DIR)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/**
 * Copies this checkout's files as a clone has them (tracked, plus new files git does not ignore) to
 * `to`; no node_modules. Outside a git work tree (an unpacked archive), everything but node_modules/ and lib/.
 */
export function copyCheckout(to: string): void {
  let files: string[];
  try {
    files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' }).split('\0');
  } catch {
    cpSync(ROOT, to, { recursive: true, filter: (path) => !/^(node_modules|lib|\.git)(\/|$)/.test(relative(ROOT, path)) });
    return;
  }
  for (const file of files.filter((f) => f && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(ROOT, file), join(to, file));
  }
}

/** Folders made outside a running test (module top level, describe, beforeAll) or by a concurrent test: removed when the test file ends (test/setup.ts). */
const fileTemps: string[] = [];

/**
 * The one way a test makes files: a new folder under the run's temporary directory (test/global-setup.ts
 * points TMPDIR at a folder of its own and fails the run if anything is left in it). Made inside a
 * test, it is removed when that test ends, pass or fail; made anywhere else, or by a concurrent test
 * (vitest cannot tell which of several running tests a global hook belongs to), when the test file ends.
 */
export function tempDir(prefix = 'k3s-cilium-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const test = TestRunner.getCurrentTest();
  if (test && !test.concurrent) onTestFinished(() => removeTemp(dir));
  else fileTemps.push(dir);
  return dir;
}

/** Removes the folders tempDir made for the test file that is ending (test/setup.ts's afterAll). */
export function removeFileTemps(): void {
  for (const dir of fileTemps.splice(0)) removeTemp(dir);
}

function removeTemp(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // A test may leave a read-only folder behind (mode 555; root ignores it, other users do not): writable again, then removed.
    spawnSync('chmod', ['-R', 'u+rwX', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}
