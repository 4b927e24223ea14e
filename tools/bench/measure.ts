/**
 * Times a command as whole processes: warm-up runs, then timed runs, each a fresh process tree
 * (spawnSync, output discarded, the bench's own environment plus the command's). Wall time is
 * measured around the spawn; peak RSS is the largest maxRSS any Node process of the tree reported
 * through tools/bench/exit-hook.cjs, CPU time the sum of what they reported. A run that fails (exit
 * status, signal, timeout) makes the scenario's result a failure with the first line of its stderr,
 * never an exception: the bench goes on with the next scenario.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const EXIT_HOOK = resolve(import.meta.dirname, 'exit-hook.cjs');

export interface Command {
  argv: string[];
  cwd: string;
  env?: Record<string, string>;
  /** A run taking longer is killed and the scenario fails (default 600 s). */
  timeoutSeconds?: number;
  /** Called before every run, outside the timing (e.g. to remove the previous run's output). */
  prepare?: () => void;
}

export interface Stats {
  runs: number;
  median: number;
  min: number;
  max: number;
  /** Peak RSS in MiB over all timed runs. */
  peakRssMiB: number;
  /** Median CPU time (user + system) of the process tree, in seconds. */
  cpuMedian: number;
  /** What became of the launcher's V8 code cache (accepted, rejected, none), when the command ran it. */
  codeCache?: string;
}

/** A scenario's outcome: its statistics, or why a run failed. */
export type Result = { stats: Stats; error?: undefined } | { stats?: undefined; error: string };

interface Sample {
  seconds: number;
  rssKiB: number;
  cpuSeconds: number;
  codeCache?: string;
}

class RunFailed extends Error {}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function runOnce(command: Command): Sample {
  const dir = mkdtempSync(join(tmpdir(), 'bench-exit-'));
  const exitFile = join(dir, 'exit');
  const nodeOptions = [process.env.NODE_OPTIONS, `--require=${EXIT_HOOK}`].filter(Boolean).join(' ');
  const timeoutSeconds = command.timeoutSeconds ?? 600;
  try {
    command.prepare?.();
    const start = performance.now();
    const r = spawnSync(command.argv[0], command.argv.slice(1), {
      cwd: command.cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...command.env, NODE_OPTIONS: nodeOptions, BENCH_EXIT_FILE: exitFile },
    });
    const seconds = (performance.now() - start) / 1000;
    if (r.status !== 0) {
      const first = (r.stderr ?? '').split('\n').find((line) => line.trim() !== '')?.trim();
      const how = r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT'
        ? `timed out after ${timeoutSeconds} s`
        : r.signal ? `killed by ${r.signal}` : r.error ? r.error.message : `exit ${r.status}`;
      throw new RunFailed(first ? `${how}: ${first}` : how);
    }
    let lines: { rssKiB: number; cpuUs: number; cache?: string }[];
    try {
      lines = readFileSync(exitFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    } catch {
      throw new RunFailed('no Node process of the command reported on exit');
    }
    const caches = [...new Set(lines.map((l) => l.cache).filter((c) => c !== undefined))];
    return {
      seconds,
      rssKiB: Math.max(...lines.map((l) => l.rssKiB)),
      cpuSeconds: lines.reduce((sum, l) => sum + l.cpuUs, 0) / 1e6,
      codeCache: caches.length ? caches.join('+') : undefined,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stats(samples: readonly Sample[]): Stats {
  const times = samples.map((s) => s.seconds);
  const caches = [...new Set(samples.map((s) => s.codeCache).filter((c) => c !== undefined))];
  return {
    runs: samples.length,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    peakRssMiB: Math.max(...samples.map((s) => s.rssKiB)) / 1024,
    cpuMedian: median(samples.map((s) => s.cpuSeconds)),
    codeCache: caches.length ? caches.join(', ') : undefined,
  };
}

function failure(e: unknown): Result {
  if (e instanceof RunFailed) return { error: e.message };
  throw e;
}

export function measure(command: Command, runs: number, warmups = 1): Result {
  try {
    for (let i = 0; i < warmups; i++) runOnce(command);
    return { stats: stats(Array.from({ length: runs }, () => runOnce(command))) };
  } catch (e) {
    return failure(e);
  }
}

/**
 * Two commands measured in turn, a then b, `pairs` times (after `warmups` pairs), so that a change
 * of the machine's load during the measurement falls on both alike.
 */
export function measureAlternating(a: Command, b: Command, pairs: number, warmups = 3): [Result, Result] {
  const samples: [Sample[], Sample[]] = [[], []];
  const errors: [string | undefined, string | undefined] = [undefined, undefined];
  for (let i = 0; i < warmups + pairs; i++) {
    [a, b].forEach((command, side) => {
      if (errors[side] !== undefined) return;
      try {
        const sample = runOnce(command);
        if (i >= warmups) samples[side].push(sample);
      } catch (e) {
        errors[side] = failure(e).error;
      }
    });
    if (errors[0] !== undefined && errors[1] !== undefined) break;
  }
  const result = (side: 0 | 1): Result => (errors[side] !== undefined ? { error: errors[side] } : { stats: stats(samples[side]) });
  return [result(0), result(1)];
}
