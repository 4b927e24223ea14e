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

/**
 * Why `arg` names no commit, when the repository says more than "unknown": no repository here, a
 * shallow clone (CI checkouts fetch one commit by default), or a branch a clone has only as a
 * remote-tracking branch (`origin/main`). Undefined when none of these applies.
 */
export function notARevisionHint(arg: string, cwd: string): string | undefined {
  const ask = (args: string[]) => {
    try {
      return git(args, cwd).trim();
    } catch {
      return undefined;
    }
  };
  if (ask(['rev-parse', '--is-inside-work-tree']) !== 'true') return 'this directory is not in a git repository (or git is not installed)';
  const remote = ask(['for-each-ref', '--format=%(refname:short)', `refs/remotes/*/${arg}`])?.split('\n').find((ref) => ref !== '');
  if (remote !== undefined) return `did you mean ${remote}? This clone has that branch only as a remote-tracking branch`;
  if (ask(['rev-parse', '--is-shallow-repository']) === 'true') {
    return 'this clone is shallow, so older commits are missing: fetch them (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)';
  }
  return undefined;
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
