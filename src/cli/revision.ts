/**
 * The cluster files of one side of a review: a git revision of the repository the command runs in,
 * a directory (or one file) on disk, or the working tree. Each file comes with the label messages
 * name it by (`<rev>:<path>` for a revision).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** A cluster file of one side: its bytes (from git), or its path on disk (read by the cluster-file loader, as synth reads it). */
export type SideFile = { readonly label: string; readonly bytes: Uint8Array } | { readonly label: string; readonly path: string };

export class SideError extends Error {}

const isClusterFile = (name: string) => /\.ya?ml$/.test(name);

function gitBytes(args: string[], cwd: string): Buffer {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function git(args: string[], cwd: string): string {
  return gitBytes(args, cwd).toString('utf8');
}

/** The cluster files at a path on disk (relative to `cwd`): the file itself, or the .yaml/.yml files of a directory, sorted. */
export function filesOnDisk(path: string, cwd: string): SideFile[] {
  const abs = resolve(cwd, path);
  if (!existsSync(abs)) throw new SideError(`${path}: no such file or directory`);
  const names = statSync(abs).isDirectory() ? readdirSync(abs).filter(isClusterFile).sort().map((f) => join(path, f)) : [path];
  return names.map((label) => ({ label, path: resolve(cwd, label) }));
}

/** Whether `arg` names a commit of the repository at `cwd`. */
export function isRevision(arg: string, cwd: string): boolean {
  try {
    git(['rev-parse', '--verify', '--quiet', `${arg}^{commit}`], cwd);
    return true;
  } catch {
    return false;
  }
}

/** The cluster files at `config` (relative to `cwd`) in revision `rev`. */
export function filesAtRevision(rev: string, config: string, cwd: string): SideFile[] {
  const root = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const rel = relative(root, resolve(cwd, config)).split('\\').join('/');
  let type: string;
  try {
    type = git(['cat-file', '-t', `${rev}:${rel}`], root).trim();
  } catch {
    return [];
  }
  const paths = type === 'tree'
    ? git(['ls-tree', '--name-only', `${rev}:${rel}`], root).split('\n').filter(isClusterFile).sort().map((f) => `${rel}/${f}`)
    : [rel];
  return paths.map((path) => ({ label: `${rev}:${path}`, bytes: gitBytes(['show', `${rev}:${path}`], root) }));
}
