/**
 * A run killed at any step: every file is whole (the version before or the one after), a file the
 * user adds meanwhile is kept, and the next run completes the tree with nothing left behind. The
 * synth runs as a child process (test/write/harness.ts) SIGKILLed by the writer's test hook before
 * its n-th change on disk, for every step of a write that changes, adds and removes clusters.
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';
import { buildHarness, clusterDir, clusterText, files, notWhole, runHarness, snapshot, tempDir, userFiles } from './trees.js';

let harness = '';
beforeAll(async () => {
  harness = await buildHarness();
});

const STATE = '.k3s-cilium-cdk8s';
/** Old: a, b. New: a changed, b gone, d added. */
const OLD = { 'a.yaml': clusterText('a'), 'b.yaml': clusterText('b') };
const NEW = { 'a.yaml': clusterText('a', '192.168.1.114'), 'd.yaml': clusterText('d') };
const temporaries = (out: string) => snapshot(out).split('\n').filter((l) => l.includes('.k3s-cilium-cdk8s.tmp'));

describe('a write killed at any step', () => {
  it('leaves every file whole; a file added meanwhile is kept; the next run completes the tree and leaves nothing behind', () => {
    const base = tempDir();
    const config = join(base, 'clusters');
    cpSync(clusterDir(OLD), config, { recursive: true });
    const pristine = join(base, 'pristine');
    expect(run(['--config', config, '--out', pristine]).code).toBe(0);
    userFiles(pristine, { 'README.md': 'the repository', 'a/NOTES.md': 'inside a changed cluster', 'b/NOTES.md': 'inside a removed one' });
    const before = files(pristine);
    rmSync(config, { recursive: true });
    cpSync(clusterDir(NEW), config, { recursive: true });

    const expected = join(base, 'expected');
    cpSync(pristine, expected, { recursive: true });
    const trace = join(base, 'trace.tsv');
    const clean = runHarness(harness, ['--config', config, '--out', expected], { K3SCC_TRACE: trace });
    expect(clean.status, clean.stderr).toBe(0);
    const after = files(expected);
    expect(after.get('b/NOTES.md')).toBe('inside a removed one');
    expect([...after.keys()].filter((p) => p.startsWith('b/'))).toEqual(['b/NOTES.md']);
    const steps = readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split('\t')[1]);
    expect(steps).toContain('remove b/PLAN.md');
    expect(steps.at(-1)).toBe('manifest');

    const failures: string[] = [];
    const work = join(base, 'work');
    // Every step but the interchangeable writes inside a cluster: of those the first, the last and every third.
    const killAt = steps.map((_, i) => i + 1).filter((n) => !steps[n - 1].startsWith('write ')
      || !steps[n - 2]?.startsWith('write ') || !steps[n]?.startsWith('write ') || n % 3 === 0);
    for (const n of killAt) {
      rmSync(work, { recursive: true, force: true });
      cpSync(pristine, work, { recursive: true });
      const killed = runHarness(harness, ['--config', config, '--out', work], { K3SCC_KILL_AT: String(n) });
      if (killed.signal !== 'SIGKILL') {
        failures.push(`step ${n} (${steps[n - 1]}): not killed (exit ${killed.status}: ${killed.stderr.slice(0, 200)})`);
        continue;
      }
      const broken = notWhole(new Map([...files(work)].filter(([p]) => !p.endsWith('.k3s-cilium-cdk8s.tmp'))), before, after);
      if (broken.length > 0) failures.push(`step ${n} (${steps[n - 1]}): not whole: ${broken.join(', ')}`);
      // The user adds a file to a cluster folder before anyone runs synth again.
      userFiles(work, { 'a/LATER.md': 'added after the interrupted run', 'd/LATER.md': 'in a cluster folder the run created' });
      if (n % 5 === 0) {
        const check = run(['--check', '--config', config, '--out', work]);
        if (check.code !== 1 || !check.stderr.includes('pending  an interrupted write')) failures.push(`step ${n}: --check said ${check.stderr}`);
      }
      const next = run(['--config', config, '--out', work]);
      if (next.code !== 0) failures.push(`step ${n} (${steps[n - 1]}): the next run failed: ${next.stderr}`);
      const now = files(work);
      expect(now.get('a/LATER.md')).toBe('added after the interrupted run');
      expect(now.get('d/LATER.md')).toBe('in a cluster folder the run created');
      now.delete('a/LATER.md');
      now.delete('d/LATER.md');
      if (notWhole(now, after).length > 0 || now.size !== after.size) failures.push(`step ${n}: the next run left ${notWhole(now, after).join(', ')}`);
      if (temporaries(work).length > 0) failures.push(`step ${n}: temporaries left: ${temporaries(work).join(', ')}`);
      if (readdirSync(join(work, STATE)).sort().join(' ') !== '.gitignore manifest.json') failures.push(`step ${n}: state ${readdirSync(join(work, STATE))}`);
      if (readFileSync(join(work, STATE, 'manifest.json'), 'utf8') !== readFileSync(join(expected, STATE, 'manifest.json'), 'utf8')) {
        failures.push(`step ${n}: the manifest differs from an uninterrupted run's`);
      }
    }
    expect(failures).toEqual([]);
    expect(killAt.length).toBeGreaterThan(steps.length / 2);
  });
});

describe('an interrupted run, then a user file where synth had written', () => {
  it('counts the interrupted run\'s files as synth\'s, and the user\'s edit of one as the user\'s (refused, listed, exit 3)', () => {
    const base = tempDir();
    const config = clusterDir(OLD);
    const out = join(base, 'out');
    expect(run(['--config', config, '--out', out]).code).toBe(0);
    writeFileSync(join(config, 'a.yaml'), NEW['a.yaml']);
    const trace = join(base, 'trace.tsv');
    const probe = join(base, 'probe');
    cpSync(out, probe, { recursive: true });
    expect(runHarness(harness, ['--config', config, '--out', probe], { K3SCC_TRACE: trace }).status).toBe(0);
    const steps = readFileSync(trace, 'utf8').trim().split('\n').map((l) => l.split('\t')[1]);
    // Killed after the pool file was written, before the manifest.
    const n = steps.indexOf('write a/manifests/lb-ipam-pools.yaml') + 2;
    expect(n).toBeGreaterThan(1);
    expect(runHarness(harness, ['--config', config, '--out', out], { K3SCC_KILL_AT: String(n) }).signal).toBe('SIGKILL');
    writeFileSync(join(out, 'a/manifests/lb-ipam-pools.yaml'), '# my own pools\n');
    const r = run(['--config', config, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('\n  a/manifests/lb-ipam-pools.yaml: changed since synth wrote it\n');
    expect(readFileSync(join(out, 'a/manifests/lb-ipam-pools.yaml'), 'utf8')).toBe('# my own pools\n');
    const taken = run(['--config', config, '--out', out, '--take-over']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(run(['--check', '--config', config, '--out', out]).code).toBe(0);
  });
});
