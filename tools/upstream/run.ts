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

let home: string | undefined;

function privateHome(): string {
  if (!home) {
    home = mkdtempSync(join(tmpdir(), 'k3s-cilium-upstream-'));
    const dir = home;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return home;
}

/** The environment every upstream binary runs with. */
export function offlineEnv(): NodeJS.ProcessEnv {
  const h = privateHome();
  const closed = 'http://127.0.0.1:9';
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: h,
    HELM_CACHE_HOME: join(h, 'cache'),
    HELM_CONFIG_HOME: join(h, 'config'),
    HELM_DATA_HOME: join(h, 'data'),
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
    execFile(binary, args, { env: offlineEnv(), maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) fail(new UpstreamRunError(`${binary.split('/').at(-1)} ${args.join(' ')}`, stderr, (err as { code?: number | string }).code));
      else done(stdout);
    });
  }));
}
