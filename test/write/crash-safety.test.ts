/**
 * All or nothing, whatever moment the writer dies at: the synth command runs as a child process
 * (test/write/harness.ts) and is SIGKILLed by the writer's test hook before its n-th change on
 * disk, for every step of the commit phase and a sample of the staging steps (which all touch only
 * the transaction directory). The next run (a recovery, a recovery itself killed and then rerun, or
 * a full synth) must leave exactly the old tree or exactly the new one, user files included, with
 * nothing left over. Also: one writer at a time, and a stale lock taken over without waiting.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { run } from '../cli/run.js';
import { recoverTree, STATE_DIR } from '../../src/write/tree.js';
import { buildHarness, clusterDir, clusterText, runHarness, snapshot, userFiles } from './trees.js';

let harness = '';
beforeAll(async () => {
  harness = await buildHarness();
});

/** A fleet file of its own (not the repository's fleet.yaml, which a user edits), with a real-looking repository. */
const fleet = join(mkdtempSync(join(tmpdir(), 'k3scc-fleet-')), 'fleet.yaml');
writeFileSync(fleet, 'repoURL: https://git.lab.internal/platform/gitops.git\ntargetRevision: main\n');
/** Old: homelab, office, lab. New: homelab changed, office gone, lab unchanged, edge added. Both with Argo CD Applications. */
const oldConfig = clusterDir({ 'homelab.yaml': clusterText('homelab'), 'office.yaml': clusterText('office'), 'lab.yaml': clusterText('lab') });
const newConfig = clusterDir({ 'homelab.yaml': clusterText('homelab', '192.168.1.114'), 'lab.yaml': clusterText('lab'), 'edge.yaml': clusterText('edge') });
/** `--config` must be the same source for ownership: the old and new versions of one directory. */
function synthArgs(config: string, out: string): string[] {
  return ['--config', config, '--out', out, '--fleet', fleet];
}

describe('a write killed at any step', () => {
  it('leaves exactly the old or exactly the new tree after the next run, user files intact, no leftovers', () => {
    const base = mkdtempSync(join(tmpdir(), 'k3scc-kill-'));
    const config = join(base, 'clusters');
    const pristine = join(base, 'pristine');
    cpSync(oldConfig, config, { recursive: true });
    const fleetFile = join(base, 'fleet.yaml');
    writeFileSync(fleetFile, readFileSync(fleet, 'utf8'));
    const args = (out: string) => synthArgs(config, out).map((a) => (a === fleet ? fleetFile : a));
    expect(run(args(pristine)).code).toBe(0);
    userFiles(pristine, { 'README.md': 'the repository', 'homelab/NOTES.md': 'inside a changed cluster', 'office/NOTES.md': 'inside a removed one' });
    const oldSnap = snapshot(pristine);
    rmSync(config, { recursive: true });
    cpSync(newConfig, config, { recursive: true });

    const expected = join(base, 'expected');
    cpSync(pristine, expected, { recursive: true });
    const trace = join(base, 'trace.tsv');
    const clean = runHarness(harness, ['synth', ...args(expected)], { K3SCC_TRACE: trace });
    expect(clean.status, clean.stderr).toBe(0);
    const newSnap = snapshot(expected);
    expect(newSnap).not.toBe(oldSnap);
    expect(newSnap).toContain('f office/NOTES.md');
    const steps = readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split('\t')[1]);
    const commit = steps.indexOf('commit: rename journal.json') + 1;
    expect(commit).toBeGreaterThan(0);
    // Every step but the interchangeable staging writes; of those every fourth.
    const killAt = steps.map((_, i) => i + 1).filter((n) => n >= commit - 2 || !/^stage: (write|mkdir) /.test(steps[n - 1]) || n % 4 === 0);
    const failures: string[] = [];
    const outcomes = { old: 0, new: 0 };
    const work = join(base, 'work');
    for (const n of killAt) {
      rmSync(work, { recursive: true, force: true });
      cpSync(pristine, work, { recursive: true });
      const killed = runHarness(harness, ['synth', ...args(work)], { K3SCC_KILL_AT: String(n) });
      if (killed.signal !== 'SIGKILL') {
        failures.push(`step ${n} (${steps[n - 1]}): not killed (exit ${killed.status}: ${killed.stderr.slice(0, 200)})`);
        continue;
      }
      let want: 'old' | 'new' = n <= commit ? 'old' : 'new';
      const next = n % 3;
      if (next === 0) {
        const again = run(args(work)); // the natural next run: synth again
        if (again.code !== 0) failures.push(`step ${n}: the next synth failed: ${again.stderr}`);
        want = 'new';
      } else {
        // A recovery killed too, at one of its own steps, before the one that finishes.
        if (next === 2) runHarness(harness, ['recover', work], { K3SCC_KILL_AT: String(1 + (n % 5)) });
        recoverTree(work, { durable: false });
      }
      const snap = snapshot(work);
      const got = snap === oldSnap ? 'old' : snap === newSnap ? 'new' : 'mixed or with leftovers';
      if (got === 'old' || got === 'new') outcomes[got]++;
      const then = ['synth', 'recovery', 'a killed recovery and a recovery'][next];
      if (got !== want) failures.push(`step ${n} (${steps[n - 1]}), then ${then}: ${got}, not ${want}`);
    }
    expect(failures).toEqual([]);
    // Every step was killed at except three in four of the staging writes (each of which only adds a file to the stage).
    expect(killAt.length).toBeGreaterThan(steps.length / 2);
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.new).toBeGreaterThan(0);
  });
});

describe('one writer at a time', () => {
  it('refuses a second run while the first holds the lock, naming its pid and command (exit 3); the first completes', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'k3scc-lock-')), 'out');
    const pause = join(out, '..', 'paused');
    // Paused inside its write, right after taking the lock (steps 1–2): a deterministic race, no timing.
    const first = spawn(process.execPath, [harness, 'synth', ...synthArgs(oldConfig, out)], {
      cwd: ROOT, env: { ...process.env, K3SCC_PAUSE_AT: '3', K3SCC_PAUSE_FILE: pause }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let done = false;
    const exited = new Promise<number | null>((resolve) => first.once('exit', (code) => { done = true; resolve(code); }));
    while (!existsSync(pause) && !done) await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    const second = run(synthArgs(oldConfig, out));
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(new RegExp(`^synth: the output is locked by another run: pid ${first.pid} on \\S+ since \\S+ `
      + '\\(.*harness\\.mjs synth --config .*\\); '
      + 'wait for it to finish, or stop that process\n$'));
    writeFileSync(`${pause}.go`, '');
    expect(await exited).toBe(0);
    expect(existsSync(join(out, STATE_DIR, 'lock'))).toBe(false);
    expect(existsSync(join(out, 'office/PLAN.md'))).toBe(true);
  });

  it('two runs started together: each writes the tree or is refused in one line; the tree is whole', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'k3scc-race-')), 'out');
    expect(run(synthArgs(oldConfig, out)).code).toBe(0);
    const start = () => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [harness, 'synth', ...synthArgs(oldConfig, out)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d) => { stderr += d; });
      child.once('exit', (code) => resolve({ code, stderr }));
    });
    const results = await Promise.all([start(), start()]);
    for (const r of results) {
      expect([0, 3]).toContain(r.code);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (r.code === 3) expect(r.stderr).toMatch(/^synth: the output is locked by another run: pid \d+/);
    }
    const reference = join(mkdtempSync(join(tmpdir(), 'k3scc-race-ref-')), 'out');
    expect(run(synthArgs(oldConfig, reference)).code).toBe(0);
    expect(snapshot(out)).toBe(snapshot(reference));
  });

  it('takes over the lock of a SIGKILLed run at once', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'k3scc-stale-')), 'out');
    const killed = runHarness(harness, ['synth', ...synthArgs(oldConfig, out)], { K3SCC_KILL_AT: '3' });
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(out, STATE_DIR, 'lock'))).toBe(true);
    const r = run(synthArgs(oldConfig, out));
    expect(r.stderr).not.toContain('locked');
    expect(r.code).toBe(0);
    expect(existsSync(join(out, STATE_DIR, 'lock'))).toBe(false);
  });
});

describe('--check on a tree a killed write left', () => {
  it('reports the interrupted write (and writes nothing); the next synth completes it', () => {
    const base = mkdtempSync(join(tmpdir(), 'k3scc-pending-'));
    const config = join(base, 'clusters');
    cpSync(oldConfig, config, { recursive: true });
    const out = join(base, 'out');
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    writeFileSync(join(config, 'homelab.yaml'), clusterText('homelab', '192.168.1.114'));
    const probe = join(base, 'probe');
    cpSync(out, probe, { recursive: true });
    const trace = join(base, 'trace.tsv');
    expect(runHarness(harness, ['synth', '--config', config, '--out', probe], { K3SCC_TRACE: trace }).status).toBe(0);
    const steps = readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split('\t')[1]);
    const afterCommit = steps.indexOf('commit: rename journal.json') + 2;
    expect(runHarness(harness, ['synth', '--config', config, '--out', out], { K3SCC_KILL_AT: String(afterCommit) }).signal).toBe('SIGKILL');
    const before = snapshot(out);
    const check = run(['--check', '--config', config, '--out', out]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('  pending  an interrupted write (the next synth completes it first)\n');
    expect(snapshot(out)).toBe(before);
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    expect(run(['--check', '--config', config, '--out', out]).code).toBe(0);
  });
});
