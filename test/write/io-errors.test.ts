/**
 * Real I/O faults: a file size limit (`ulimit -f` in a child shell), a full and a read-only
 * filesystem, bind mounts of a cluster folder and of a file (`unshare -m`: tmpfs and mounts in a
 * private mount namespace), an output folder another user cannot write. Each gives exit 3 with one
 * line naming the path, leaves every file whole (no file cut short, no temporary), and the next
 * run once the fault is gone renders the tree cleanly. The namespace cases are skipped, with the
 * reason, only where the kernel refuses a mount namespace.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { run } from '../cli/run.js';
import { shown } from '../../src/write/io-error.js';
import { buildHarness, unshareRefusal, clusterDir, clusterText, files, notWhole, tempDir } from './trees.js';

let harness = '';
let refusal: string | undefined;
beforeAll(async () => {
  harness = await buildHarness();
  refusal = unshareRefusal(['-m', '--propagation', 'private'], 'a mount namespace');
});

const OLD = { 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') };
const NEW = { 'a.yaml': clusterText('a', '192.168.1.114'), 'b.yaml': clusterText('b', '192.168.1.114') };

/** The tree each version renders, by path. */
function rendered(version: Record<string, string>): Map<string, string> {
  const out = join(tempDir(), 'out');
  expect(run(['--config', clusterDir(version), '--out', out]).code).toBe(0);
  return files(out);
}
const [oldTree, newTree] = [rendered(OLD), rendered(NEW)];
const ONE_LINE_IO = new RegExp(/^synth: cannot \S+( directory)? \S+: [^\n]+; every file is whole; /.source
  + /any cluster written before this stays written, the rest are as they were: run synth again once this is fixed\n$/.source);

/** A shell script run as `sh -c` with the harness as $SYNTH and the given environment; fails the test if the script fails. */
function shell(script: string, env: Record<string, string>, ns = false): void {
  const argv = ns ? ['unshare', '-m', '--propagation', 'private', 'sh', '-c', script] : ['bash', '-c', script];
  const r = spawnSync(argv[0], argv.slice(1), {
    encoding: 'utf8', cwd: ROOT, env: { ...process.env, SYNTH: `${process.execPath} ${harness}`, ...env }, timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`the script failed (${r.status ?? r.signal}): ${r.stderr}`);
}

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');

describe('a file size limit (ulimit -f)', () => {
  it('is exit 3 naming the file, with no file cut short; without the limit the next run completes the tree', () => {
    const dir = tempDir();
    const config = clusterDir(OLD);
    const out = join(dir, 'out');
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    for (const [name, text] of Object.entries(NEW)) writeFileSync(join(config, name), text);
    shell('ulimit -f 4; $SYNTH --config "$CONFIG" --out "$OUT" > /dev/null 2> "$DIR/err"; echo $? > "$DIR/code"', { CONFIG: config, DIR: dir, OUT: out });
    expect(read(dir, 'code')).toBe('3\n');
    expect(read(dir, 'err')).toMatch(/^synth: cannot write \S+\/out\/a\/\S+: file too large \(a file size limit: ulimit -f, or the filesystem's\) \(EFBIG\); /);
    expect(read(dir, 'err')).toMatch(ONE_LINE_IO);
    // Every file is the old or the new version, and no temporary is left.
    expect(notWhole(files(out), oldTree, newTree)).toEqual([]);
    const next = run(['--config', config, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(files(out)).toEqual(newTree);
  });
});

/**
 * In a private mount namespace: a tmpfs at $DIR/mnt (the --out), the old tree synthed into it,
 * then `fault` (shell), then the new tree (exit code and stderr in $DIR/code, $DIR/err, the tree
 * copied to $DIR/faulted), then `heal`, then the new tree again ($DIR/code2, $DIR/healed).
 */
function onTmpfs(fault: string, heal: string) {
  const dir = tempDir();
  mkdirSync(join(dir, 'mnt'));
  const config = clusterDir(OLD);
  shell([
    'set -eu',
    'mount -t tmpfs -o size=16m tmpfs "$DIR/mnt"',
    '$SYNTH --config "$CONFIG" --out "$DIR/mnt" > /dev/null',
    fault,
    'cp "$NEW_A" "$CONFIG/a.yaml"; cp "$NEW_B" "$CONFIG/b.yaml"',
    'set +e',
    '$SYNTH --config "$CONFIG" --out "$DIR/mnt" > /dev/null 2> "$DIR/err"; echo $? > "$DIR/code"',
    'set -e',
    'cp -a "$DIR/mnt" "$DIR/faulted"',
    heal,
    '$SYNTH --config "$CONFIG" --out "$DIR/mnt" > /dev/null 2> "$DIR/err2"; echo $? > "$DIR/code2"',
    'cp -a "$DIR/mnt" "$DIR/healed"',
  ].join('\n'), { DIR: dir, CONFIG: config, ...newFiles() }, true);
  const faulted = files(join(dir, 'faulted'));
  faulted.delete('fill');
  const healed = files(join(dir, 'healed'));
  healed.delete('fill');
  return { code: read(dir, 'code'), err: read(dir, 'err'), faulted, code2: read(dir, 'code2'), err2: read(dir, 'err2'), healed, dir };
}

function newFiles(): Record<string, string> {
  const d = clusterDir(NEW);
  return { NEW_A: join(d, 'a.yaml'), NEW_B: join(d, 'b.yaml') };
}

describe('the output filesystem', () => {
  it('full: exit 3 in one line, every file whole; with space again the next run completes the tree', (ctx) => {
    ctx.skip(refusal !== undefined, refusal);
    const r = onTmpfs('head -c 64m /dev/zero > "$DIR/mnt/fill" 2>/dev/null || true', 'rm "$DIR/mnt/fill"');
    expect(r.err).toMatch(/^synth: cannot \S+ \S+: no space left on the device \(ENOSPC\); free space or inodes/);
    expect(r.err).toMatch(ONE_LINE_IO);
    expect(r.code).toBe('3\n');
    expect(notWhole(r.faulted, oldTree, newTree)).toEqual([]);
    expect(r.code2, r.err2).toBe('0\n');
    expect(r.healed).toEqual(newTree);
  });

  it('read-only: exit 3 in one line, nothing changed; read-write again, the next run completes the tree', (ctx) => {
    ctx.skip(refusal !== undefined, refusal);
    const r = onTmpfs('mount -o remount,ro "$DIR/mnt"', 'mount -o remount,rw "$DIR/mnt"');
    expect(r.err).toMatch(/^synth: cannot \S+ \S+: the filesystem is read-only \(EROFS\); remount it read-write/);
    expect(r.err).toMatch(ONE_LINE_IO);
    expect(r.code).toBe('3\n');
    expect(r.faulted).toEqual(oldTree);
    expect(r.code2, r.err2).toBe('0\n');
    expect(r.healed).toEqual(newTree);
  });

  it('a cluster folder that is a bind mount renders normally, the user\'s file in it kept', (ctx) => {
    ctx.skip(refusal !== undefined, refusal);
    const r = onTmpfs('cp -a "$DIR/mnt/a" "$DIR/elsewhere"; echo mine > "$DIR/elsewhere/NOTES.md"; mount --bind "$DIR/elsewhere" "$DIR/mnt/a"', 'true');
    expect(r.err).not.toContain('cannot');
    expect(r.code).toBe('0\n');
    expect(r.faulted).toEqual(new Map([...newTree, ['a/NOTES.md', 'mine\n']]));
    expect(read(r.dir, 'elsewhere/manifests/lb-ipam-pools.yaml')).toContain('192.168.1.114');
    expect(r.code2).toBe('0\n');
  });

  it('a file that is a bind mount: exit 3 naming it, the other files whole; unmounted, the next run completes the tree', (ctx) => {
    ctx.skip(refusal !== undefined, refusal);
    const r = onTmpfs('cp "$DIR/mnt/a/manifests/lb-ipam-pools.yaml" "$DIR/pools"; mount --bind "$DIR/pools" "$DIR/mnt/a/manifests/lb-ipam-pools.yaml"',
      'umount "$DIR/mnt/a/manifests/lb-ipam-pools.yaml"');
    expect(r.err).toMatch(/^synth: cannot move \S+\/mnt\/a\/manifests\/lb-ipam-pools\.yaml: busy \(a mount point, or in use\) \(EBUSY\); /);
    expect(r.err).toMatch(ONE_LINE_IO);
    expect(r.code).toBe('3\n');
    expect(notWhole(r.faulted, oldTree, newTree)).toEqual([]);
    expect(r.code2, r.err2).toBe('0\n');
    expect(r.healed).toEqual(newTree);
  });
});

describe('an output folder synth cannot write', () => {
  it('another user\'s (mode 0555): one line, exit 3, nothing written', (ctx) => {
    ctx.skip(process.getuid?.() !== 0, 'needs root to run the synth as another user (setpriv)');
    const base = tempDir();
    const config = clusterDir(OLD);
    for (const d of [config, join(harness, '..')]) chmodSync(d, 0o755);
    for (const f of readdirSync(config)) chmodSync(join(config, f), 0o644);
    chmodSync(harness, 0o644);
    const out = join(base, 'dist');
    mkdirSync(out, { mode: 0o555 });
    const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups', '--'];
    const r = spawnSync('setpriv', [...asNobody, process.execPath, harness, '--config', config, '--out', out], { encoding: 'utf8', cwd: base });
    expect(r.stderr).toMatch(/^synth: cannot create directory dist\/\.k3s-cilium-cdk8s: permission denied \(EACCES\); /);
    expect(r.stderr).toContain('check the owner and mode of dist/.k3s-cilium-cdk8s');
    expect(r.status).toBe(3);
    expect(readdirSync(out)).toEqual([]);
  });

  it('that is a file: one line, exit 3', () => {
    const file = join(tempDir(), 'dist');
    writeFileSync(file, 'not a directory');
    const r = run(['--config', clusterDir(OLD), '--out', file]);
    expect(r.stderr).toMatch(new RegExp(`^synth: cannot create directory ${shown(file)}: a file is in the way of a directory \\(EEXIST\\); `));
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.code).toBe(3);
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
  });

  it('under a file: one line, exit 3', () => {
    const file = join(tempDir(), 'f');
    writeFileSync(file, '');
    const r = run(['--config', clusterDir(OLD), '--out', join(file, 'dist')]);
    expect(r.stderr).toMatch(/^synth: cannot create directory \S+\/f\/dist: a path component is a file, not a directory \(ENOTDIR\); [^\n]+\n$/);
    expect(r.code).toBe(3);
  });
});
