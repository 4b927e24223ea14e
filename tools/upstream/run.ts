/**
 * Runs the upstream binaries offline: an empty private HOME and HELM_* directories, no kubeconfig,
 * and every HTTP(S) proxy pointed at a closed local port, so any attempt to reach the network
 * (a chart repository, a cluster) fails instead of succeeding quietly. At most as many processes
 * as there are cores run at once per test worker.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment every upstream binary runs with, its HOME a new empty directory `home`. Each run
 * gets its own, removed when it ends: a directory kept for the process would outlive the test
 * suite's check that a run leaves nothing in the temporary directory (test/global-setup.ts).
 */
export function offlineEnv(home: string): NodeJS.ProcessEnv {
  const closed = 'http://127.0.0.1:9';
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    // Temporary files where the caller's go (the test suite's own directory per run).
    TMPDIR: tmpdir(),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    KUBECONFIG: '/dev/null',
    HTTP_PROXY: closed,
    HTTPS_PROXY: closed,
    http_proxy: closed,
    https_proxy: closed,
    NO_PROXY: '',
    no_proxy: '',
  };
}

const limit = Math.max(2, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= limit) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** A failed run: the command, its exit code and what it printed on stderr. */
export class UpstreamRunError extends Error {
  constructor(readonly command: string, readonly stderr: string, readonly exitCode: number | string | undefined) {
    super(`${command} failed (${exitCode}): ${stderr.trim()}`);
  }
}

/** Runs `binary args…` offline and returns its stdout; throws UpstreamRunError on a non-zero exit. */
export function runOffline(binary: string, args: readonly string[]): Promise<string> {
  return slot(() => new Promise<string>((done, fail) => {
    const home = mkdtempSync(join(tmpdir(), 'k3s-cilium-upstream-'));
    execFile(binary, args, { env: offlineEnv(home), maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      rmSync(home, { recursive: true, force: true });
      if (err) fail(new UpstreamRunError(`${binary.split('/').at(-1)} ${args.join(' ')}`, stderr, (err as { code?: number | string }).code));
      else done(stdout);
    });
  }));
}
