/**
 * Odd files and arguments: a FIFO where a file is expected (a cluster file, --config itself, the
 * manifest, a file synth writes) is refused at once, never waited on; user folders of mode 700 and
 * 555 inside a cluster folder keep their modes and files; `--out ""` is refused; `--config -` reads
 * standard input; a file name that is not UTF-8 is read; a refusal creates nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';
import { buildHarness, clusterDir, clusterText, files, runHarness, snapshot, tempDir, userFiles } from './trees.js';

let harness = '';
beforeAll(async () => {
  harness = await buildHarness();
});

const mkfifo = (path: string) => execFileSync('mkfifo', [path]);
/** Runs synth in a child process, so that a hang fails the test (a timeout) instead of stopping the run. */
const synth = (args: string[], input?: string) => {
  const r = runHarness(harness, args, {}, input);
  expect(r.signal, 'synth hung').toBe(null);
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
};

describe('a FIFO where a file is expected is refused at once', () => {
  it('as a cluster file in the config folder, and as --config: exit 1, nothing written', () => {
    const config = clusterDir({ 'a.yaml': clusterText('a') });
    mkfifo(join(config, 'b.yaml'));
    const out = join(tempDir(), 'out');
    const r = synth(['--config', config, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(config, 'b.yaml')}: a FIFO, not a regular file. Give a cluster file; to read standard input, give --config -.`);
    expect(existsSync(out)).toBe(false);
    const direct = synth(['--config', join(config, 'b.yaml'), '--out', out]);
    expect(direct.code).toBe(1);
    expect(direct.stderr).toContain('a FIFO, not a regular file');
  });

  it('as --config /dev/stdin on a pipe: refused with the way to read standard input', () => {
    const r = synth(['--config', '/dev/stdin', '--out', join(tempDir(), 'out')], clusterText('a'));
    expect(r.code).toBe(1);
    // spawnSync's standard input is a socket, a shell's pipe a FIFO: neither is a file.
    expect(r.stderr).toMatch(/\/dev\/stdin: a (FIFO|socket), not a regular file\. Give a cluster file; to read standard input, give --config -\./);
  });

  it('as the manifest: exit 3 naming it, nothing changed', () => {
    const out = join(tempDir(), 'out');
    const config = clusterDir({ 'a.yaml': clusterText('a') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    rmSync(join(out, '.k3s-cilium-cdk8s/manifest.json'));
    mkfifo(join(out, '.k3s-cilium-cdk8s/manifest.json'));
    const before = snapshot(out);
    const r = synth(['--config', config, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^synth: \S+\/\.k3s-cilium-cdk8s\/manifest\.json is a FIFO, not a file synth wrote; remove it\n$/);
    expect(snapshot(out)).toBe(before);
  });

  it('where synth writes a file: listed, exit 3, the FIFO kept; removed, the next run writes the file', () => {
    const out = join(tempDir(), 'out');
    const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
    mkdirSync(join(out, 'a'), { recursive: true });
    mkfifo(join(out, 'a/PLAN.md'));
    const r = synth(['--config', config, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('\n  a/PLAN.md: a FIFO where synth writes a file\n');
    expect(statSync(join(out, 'a/PLAN.md')).isFIFO()).toBe(true);
    expect(existsSync(join(out, 'b/PLAN.md'))).toBe(true);
    rmSync(join(out, 'a/PLAN.md'));
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    expect(run(['--check', '--config', config, '--out', out]).code).toBe(0);
  });
});

describe('user folders inside a cluster folder', () => {
  it('keep their mode (700, 555) and files through changes and the removal of the cluster', () => {
    const out = join(tempDir(), 'out');
    const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    userFiles(out, { 'a/private/key': 'secret', 'a/frozen/notes': 'read-only', 'a/k3s/config/mine.yaml': 'my node' });
    chmodSync(join(out, 'a/private'), 0o700);
    chmodSync(join(out, 'a/frozen'), 0o555);
    const mode = (p: string) => (statSync(join(out, p)).mode & 0o777).toString(8);
    for (const change of [clusterText('a', '192.168.1.114'), clusterText('a', '192.168.1.113')]) {
      writeFileSync(join(config, 'a.yaml'), change);
      const r = run(['--config', config, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect([mode('a/private'), mode('a/frozen')]).toEqual(['700', '555']);
    }
    rmSync(join(config, 'a.yaml'));
    const removed = run(['--config', config, '--out', out]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toMatch(/synth: removed \S+\/a\/PLAN\.md\n/);
    expect([...files(join(out, 'a'))].sort()).toEqual([['frozen/notes', 'read-only'], ['k3s/config/mine.yaml', 'my node'], ['private/key', 'secret']]);
    expect([mode('a/private'), mode('a/frozen')]).toEqual(['700', '555']);
    // Folders synth emptied are gone; those holding a user's file stay.
    expect(readdirSync(join(out, 'a')).sort()).toEqual(['frozen', 'k3s', 'private']);
    expect(readdirSync(join(out, 'a/k3s'))).toEqual(['config']);
  });
});

describe('arguments and names', () => {
  it('--out "" is a usage error, nothing written', () => {
    const r = run(['--config', clusterDir({ 'a.yaml': clusterText('a') }), '--out', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^synth: --out is empty: give the output directory/);
  });

  it('--config - reads the cluster file from standard input', () => {
    const out = join(tempDir(), 'out');
    const r = synth(['--config', '-', '--out', out], clusterText('piped'));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'piped/PLAN.md'), 'utf8')).toMatch(/^# IP plan: piped\n/);
    expect(readFileSync(join(out, '.k3s-cilium-cdk8s/manifest.json'), 'utf8')).toContain('"source": "-"');
  });

  it('reads a cluster file whose name is not UTF-8, naming it with \\x escapes', () => {
    const config = tempDir();
    writeFileSync(Buffer.concat([Buffer.from(`${config}/caf`), Buffer.from([0xe9]), Buffer.from('.yaml')]), clusterText('cafe'));
    const out = join(tempDir(), 'out');
    const r = run(['--config', config, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`synth: ${config}/caf\\xe9.yaml → `);
    expect(existsSync(join(out, 'cafe/PLAN.md'))).toBe(true);
  });

  it('a refusal (exit 3) creates nothing: no state folder', () => {
    const out = join(tempDir(), 'out');
    userFiles(out, { 'a/PLAN.md': 'my own plan' });
    const before = snapshot(out);
    const r = run(['--config', clusterDir({ 'a.yaml': clusterText('a') }), '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('\n  a/PLAN.md: not written by synth\n');
    expect(r.stderr).toContain('The cluster holding them (a) was left as it was');
    expect(snapshot(out)).toBe(before);
  });

  // Node 20's mkdirSync({ recursive: true }) loops for ever when mkdir says ENOENT under a folder that exists.
  it.runIf(existsSync('/proc/self'))('--out where mkdir says ENOENT under a folder that exists (procfs): exit 3 in one line, no hang', () => {
    for (const out of ['/proc/self', '/proc/self/x/y']) {
      const r = synth(['--config', clusterDir({ 'a.yaml': clusterText('a') }), '--out', out]);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/^synth: cannot create directory \/proc\/[^\n]*\(ENOENT\); [^\n]*\n$/);
    }
  });

  it('a working directory removed under the run: exit 3 saying so, nothing written; --help still prints', () => {
    const config = clusterDir({ 'a.yaml': clusterText('a') });
    const gone = join(tempDir(), 'gone');
    /** The harness started in `gone`, which the shell removes just before. */
    const inGone = (args: string[]) => {
      mkdirSync(gone);
      return spawnSync('sh', ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', gone, process.execPath, harness, ...args],
        { encoding: 'utf8', timeout: 120_000 });
    };
    const r = inGone(['--config', config, '--out', 'out']);
    expect(r.signal, 'synth hung').toBe(null);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toBe('synth: the working directory no longer exists (it was removed or moved away); cd into an existing directory and run again\n');
    expect(existsSync(gone)).toBe(false);
    const help = inGone(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('usage: k3s-cilium-cdk8s synth');
  });
});
