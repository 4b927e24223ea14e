/**
 * I/O errors are one line (what failed, on which path, what to do), exit 3, and the old tree
 * stays intact; a mount point as --out works (the staging area is inside it, on its filesystem).
 * The disk cases run the synth in a mount namespace of their own on a small tmpfs (`unshare -m`);
 * they are skipped with the reason only where the kernel refuses the namespace.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { run } from '../cli/run.js';
import { buildHarness, clusterDir, clusterText } from './trees.js';

let harness = '';
let refusal: string | undefined;
beforeAll(async () => {
  harness = await buildHarness();
  const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (probe.error) throw new Error(`unshare not found (${(probe.error as NodeJS.ErrnoException).code}): install util-linux`);
  if (probe.status !== 0) refusal = `the kernel refused a mount namespace: ${probe.stderr.trim().split('\n')[0]}`;
});

/** A directory of two cluster files; `$CHANGE` (shell) edits one of them between the two synths. */
const freshConfig = () => clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
const CHANGE = 'sed -i "s/stop: 192.168.1.115/stop: 192.168.1.114/" "$CONFIG/a.yaml"';

/**
 * In a private mount namespace: a tmpfs of `size` mounted at <dir>/mnt (the --out), a first synth
 * into it, then `between` (shell), then a second synth with one cluster changed. Returns the
 * second's exit code and stderr, and sha1 listings of --out before and after it.
 */
function onTmpfs(size: string, between: string) {
  const config = freshConfig();
  const dir = mkdtempSync(join(tmpdir(), 'k3scc-io-'));
  const mnt = join(dir, 'mnt');
  mkdirSync(mnt);
  const list = `find "$MNT" -path "$MNT/fill" -prune -o -type f -print | sort | xargs -r sha1sum`;
  const script = [
    'set -eu',
    `mount -t tmpfs -o size=${size} tmpfs "$MNT"`,
    'node "$HARNESS" synth --config "$CONFIG" --out "$MNT" > /dev/null 2> "$DIR/first.err"',
    `${list} > "$DIR/before"`,
    between,
    CHANGE,
    'set +e',
    'node "$HARNESS" synth --config "$CONFIG" --out "$MNT" > /dev/null 2> "$DIR/second.err"',
    'echo $? > "$DIR/code"',
    'mount -o remount,rw "$MNT"',
    `${list} > "$DIR/after"`,
  ].join('\n');
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
    encoding: 'utf8', cwd: ROOT, env: { ...process.env, MNT: mnt, DIR: dir, HARNESS: harness, CONFIG: config }, timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`the namespace script failed: ${r.stderr}${readOr(join(dir, 'first.err'))}`);
  const [code, stderr, before, after] = ['code', 'second.err', 'before', 'after'].map((f) => readOr(join(dir, f)));
  return { code: Number(code), stderr, before, after };
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

describe('the output directory', () => {
  it('can be a mount point (a container volume): staging happens inside it, so no EXDEV', (ctx) => {
    ctx.skip(refusal !== undefined, refusal);
    const r = onTmpfs('16m', 'true');
    expect(r.stderr).not.toMatch(/cannot|EXDEV|\n\s+at /);
    expect(r.code).toBe(0);
    expect(r.before).toContain('/mnt/a/PLAN.md');
    expect(r.after).not.toBe(r.before);
    expect(r.after.split('\n').filter((l) => !l.includes('/mnt/a/'))).toEqual(r.before.split('\n').filter((l) => !l.includes('/mnt/a/')));
  });

  it('on a full disk: one line with the path and what to do, exit 3, the old tree intact and no staging left', (ctx) => {
    ctx.skip(refusal !== undefined, refusal);
    const r = onTmpfs('16m', 'head -c 64m /dev/zero > "$MNT/fill" 2>/dev/null || true');
    expect(r.stderr).toMatch(/^synth: cannot (write|create directory) \S+: no space left on the device \(ENOSPC\); free space or inodes \(df -h, df -i\)/);
    expect(r.stderr).toMatch(/; the old tree is intact\n$/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.code).toBe(3);
    expect(r.after).toBe(r.before);
  });

  it('on a read-only filesystem: one line, exit 3, the old tree intact', (ctx) => {
    ctx.skip(refusal !== undefined, refusal);
    const r = onTmpfs('16m', 'mount -o remount,ro "$MNT"');
    expect(r.stderr).toMatch(new RegExp(/^synth: cannot \S+( directory)? \S+: the filesystem is read-only \(EROFS\); remount it read-write, /
      .source + /or choose an --out on a writable filesystem; the old tree is intact\n$/.source));
    expect(r.code).toBe(3);
    expect(r.after).toBe(r.before);
  });

  it('in a read-only directory (another user\'s, mode 0555): one line, exit 3, nothing written', (ctx) => {
    ctx.skip(process.getuid?.() !== 0, 'needs root to run the synth as another user (setpriv)');
    const base = mkdtempSync(join(tmpdir(), 'k3scc-ro-'));
    const config = freshConfig();
    for (const d of [base, config, join(harness, '..')]) chmodSync(d, 0o755);
    for (const f of readdirSync(config)) chmodSync(join(config, f), 0o644);
    chmodSync(harness, 0o644);
    const out = join(base, 'dist');
    mkdirSync(out, { mode: 0o555 });
    const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups', '--'];
    const r = spawnSync('setpriv', [...asNobody, process.execPath, harness, 'synth', '--config', config, '--out', out], { encoding: 'utf8', cwd: base });
    expect(r.stderr).toBe('synth: cannot create directory dist/.k3s-cilium-cdk8s: permission denied (EACCES); '
      + 'check the owner and mode of dist/.k3s-cilium-cdk8s and its parent directories (ls -ld); the old tree is intact\n');
    expect(r.status).toBe(3);
    expect(readdirSync(out)).toEqual([]);
  });

  it('that is a file: one line, exit 3', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'k3scc-io-')), 'dist');
    writeFileSync(file, 'not a directory');
    const r = run(['--config', freshConfig(), '--out', file]);
    expect(r.stderr).toBe(`synth: cannot create directory ${file}: a file is in the way of a directory (EEXIST); `
      + `remove or rename ${file}, or choose another --out; the old tree is intact\n`);
    expect(r.code).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
  });

  it('under a file: one line, exit 3', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'k3scc-io-')), 'f');
    writeFileSync(file, '');
    const r = run(['--config', freshConfig(), '--out', join(file, 'dist')]);
    expect(r.stderr).toMatch(/^synth: cannot create directory \S+\/f\/dist: a path component is a file, not a directory \(ENOTDIR\); [^\n]+\n$/);
    expect(r.code).toBe(3);
  });
});
