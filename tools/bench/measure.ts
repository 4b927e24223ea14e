/**
 * Times a command as whole processes: warm-up runs, then timed runs, each a fresh process tree
 * (spawnSync, output discarded). Wall time is measured around the spawn; peak RSS is the largest
 * maxRSS any Node process of the tree reported through tools/bench/rss-hook.cjs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RSS_HOOK = resolve(import.meta.dirname, 'rss-hook.cjs');

export interface Command {
  argv: string[];
  cwd: string;
  env?: Record<string, string>;
}

export interface Stats {
  runs: number;
  median: number;
  min: number;
  max: number;
  /** Peak RSS in MiB over all timed runs. */
  peakRssMiB: number;
}

function runOnce(command: Command): { seconds: number; rssKiB: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const rssFile = join(dir, 'rss');
  const nodeOptions = [process.env.NODE_OPTIONS, `--require=${RSS_HOOK}`].filter(Boolean).join(' ');
  const start = performance.now();
  const r = spawnSync(command.argv[0], command.argv.slice(1), {
    cwd: command.cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8',
    env: { ...process.env, ...command.env, NODE_OPTIONS: nodeOptions, BENCH_RSS_FILE: rssFile },
  });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${command.argv.join(' ')} exited ${r.status}:\n${r.stderr}`);
  try {
    return { seconds, rssKiB: Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function measure(command: Command, runs: number, warmups = 1): Stats {
  for (let i = 0; i < warmups; i++) runOnce(command);
  const samples = Array.from({ length: runs }, () => runOnce(command));
  const times = samples.map((s) => s.seconds).sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return {
    runs,
    median: times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2,
    min: times[0],
    max: times[times.length - 1],
    peakRssMiB: Math.max(...samples.map((s) => s.rssKiB)) / 1024,
  };
}
