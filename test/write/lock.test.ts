/**
 * One writer at a time, across PID and UTS namespaces: a run paused inside its write (the writer's
 * test hook, no timing) holds the lock; another run is refused with exit 3 and a message naming
 * the lock file and how to clear it. A SIGKILLed run's lock is taken over at once in its own PID
 * namespace, and from elsewhere once its heartbeat is older than the stale time (simulated by
 * setting the lock's mtime back, not by waiting).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { run } from '../cli/run.js';
import { STALE_MS } from '../../src/write/lock.js';
import { buildHarness, unshareRefusal, clusterDir, clusterText, files, runHarness, tempDir } from './trees.js';

let harness = '';
let refusal: string | undefined;
beforeAll(async () => {
  harness = await buildHarness();
  refusal = unshareRefusal(['-u', '-p', '-f'], 'PID and UTS namespaces');
});

const config = clusterDir({ 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') });
const NS = ['unshare', '-u', '-p', '-f', 'sh', '-c', 'hostname other-host && exec "$@"', 'sh'];

/** Starts synth (in other namespaces when `ns`) paused right after its first change on disk; resolves once it is paused. */
async function paused(out: string, ns: boolean): Promise<{ child: ChildProcess; exited: Promise<number | null>; go: () => void }> {
  const pause = join(tempDir(), 'paused');
  const argv = [process.execPath, harness, '--config', config, '--out', out];
  const [cmd, ...args] = ns ? [...NS, ...argv] : argv;
  const child = spawn(cmd, args, {
    cwd: ROOT, env: { ...process.env, K3SCC_PAUSE_AT: '1', K3SCC_PAUSE_FILE: pause }, stdio: 'ignore', detached: true,
  });
  let done = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { done = true; resolve(code); }));
  while (!existsSync(pause) && !done) await new Promise((r) => setTimeout(r, 20));
  expect(done).toBe(false);
  return { child, exited, go: () => writeFileSync(`${pause}.go`, '') };
}

const lockOf = (out: string) => join(out, '.k3s-cilium-cdk8s', 'lock');
const refusedLine = (out: string) => new RegExp(`^synth: the output is locked by another synth: pid \\d+ on \\S+ \\(.*harness\\.mjs --config .*\\); `
  + `wait for it to finish or stop it\\. If no synth is running, remove ${lockOf(out).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; `);

describe('one writer at a time', () => {
  it('refuses a second run while the first holds the lock (exit 3, naming the lock file); the first completes', async () => {
    const out = join(tempDir(), 'out');
    const first = await paused(out, false);
    const second = run(['--config', config, '--out', out]);
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(refusedLine(out));
    expect(second.stderr.split('\n')).toHaveLength(2);
    first.go();
    expect(await first.exited).toBe(0);
    expect(existsSync(lockOf(out))).toBe(false);
    expect(run(['--check', '--config', config, '--out', out]).code).toBe(0);
  });

  it('takes over the lock of a SIGKILLed run at once', () => {
    const out = join(tempDir(), 'out');
    expect(runHarness(harness, ['--config', config, '--out', out], { K3SCC_KILL_AT: '2' }).signal).toBe('SIGKILL');
    expect(existsSync(lockOf(out))).toBe(true);
    const r = run(['--config', config, '--out', out]);
    expect(r.stderr).not.toContain('locked');
    expect(r.code).toBe(0);
    expect(existsSync(lockOf(out))).toBe(false);
  });

  it('holds across PID and UTS namespaces both ways; a lock killed in another namespace clears after the stale time', async (ctx) => {
    ctx.skip(refusal !== undefined, refusal);
    const out = join(tempDir(), 'out');
    const inside = await paused(out, true);
    expect(readFileSync(lockOf(out), 'utf8')).toContain('"host":"other-host"');
    // From this namespace, the pid in the lock means nothing: the lock counts as held.
    const second = run(['--config', config, '--out', out]);
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(refusedLine(out));
    process.kill(-inside.child.pid!, 'SIGKILL');
    await inside.exited;
    expect(existsSync(lockOf(out))).toBe(true);
    const meanwhile = run(['--config', config, '--out', out]);
    expect(meanwhile.code).toBe(3);
    expect(meanwhile.stderr).toContain(`clears itself ${STALE_MS / 1000} s after its last heartbeat`);
    const old = new Date(Date.now() - STALE_MS - 1000);
    utimesSync(lockOf(out), old, old);
    const after = run(['--config', config, '--out', out]);
    expect(after.code, after.stderr).toBe(0);
    expect(existsSync(lockOf(out))).toBe(false);

    expect([...files(out).keys()].filter((p) => p.endsWith('PLAN.md')).sort()).toEqual(['a/PLAN.md', 'b/PLAN.md']);

    // And the other way round: a run here holds, a run in other namespaces is refused.
    const out2 = join(tempDir(), 'out');
    const here = await paused(out2, false);
    const fromInside = spawnSync(NS[0], [...NS.slice(1), process.execPath, harness, '--config', config, '--out', out2], { cwd: ROOT, encoding: 'utf8' });
    expect(fromInside.status).toBe(3);
    expect(fromInside.stderr).toMatch(refusedLine(out2));
    here.go();
    expect(await here.exited).toBe(0);
    expect(run(['--check', '--config', config, '--out', out2]).code).toBe(0);
  });
});
