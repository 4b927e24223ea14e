/**
 * A throw-away network for the real-daemon tests: one network namespace per router and per
 * speaking node, all plugged into a bridge in a "switch" namespace, with only addresses inside
 * these namespaces. Names carry the process id and a random part, so parallel vitest workers and
 * runs never collide. `destroy()` kills every daemon it started (by pid), deletes the namespaces
 * and the temporary directory, and is safe to call after any failure.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { tempDir } from '../helpers.js';

const run = promisify(execFile);

/** Runs a command and returns stdout; throws with stderr on failure. */
export async function sh(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Polls `probe` until it returns a value, at most `seconds` (a generous bound: the machine may be loaded); undefined on time-out. */
export async function until<T>(seconds: number, probe: () => Promise<T | undefined>, intervalMs = 500): Promise<T | undefined> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

let labs = 0;

export class Lab {
  readonly dir = tempDir('k3c-bgp-');
  private readonly prefix = `k3c${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}${(labs++).toString(36)}`;
  private readonly namespaces: string[] = [];
  private readonly daemons: ChildProcess[] = [];
  private readonly switchNs = `${this.prefix}sw`;
  private ports = 0;

  async init(): Promise<void> {
    await this.addNamespace(this.switchNs);
    await sh('ip', ['-n', this.switchNs, 'link', 'add', 'br0', 'type', 'bridge']);
    await sh('ip', ['-n', this.switchNs, 'link', 'set', 'br0', 'up']);
  }

  private async addNamespace(name: string): Promise<void> {
    await sh('ip', ['netns', 'add', name]);
    this.namespaces.push(name);
    await sh('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  }

  /** A host plugged into the switch with `eth0` holding `addresses` (CIDR), `loopbacks` on lo (/32 or /128). */
  async host(label: string, addresses: readonly string[], loopbacks: readonly string[] = []): Promise<string> {
    const ns = `${this.prefix}${label}`;
    await this.addNamespace(ns);
    const port = `p${this.ports++}`;
    await sh('ip', ['-n', this.switchNs, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    await sh('ip', ['-n', this.switchNs, 'link', 'set', port, 'master', 'br0', 'up']);
    for (const a of addresses) await sh('ip', ['-n', ns, 'addr', 'add', a, 'dev', 'eth0']);
    for (const a of loopbacks) await sh('ip', ['-n', ns, 'addr', 'add', a, 'dev', 'lo']);
    await sh('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    return ns;
  }

  async route(ns: string, destination: string, via: string): Promise<void> {
    await sh('ip', ['-n', ns, 'route', 'add', destination, 'via', via]);
  }

  /** Starts a daemon in the foreground inside `ns`; it is killed by destroy(). */
  start(ns: string, cmd: string, args: string[]): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', () => undefined);
    this.daemons.push(child);
    return child;
  }

  /** Runs a command inside `ns`. */
  exec(ns: string, cmd: string, args: string[]): Promise<string> {
    return sh('ip', ['netns', 'exec', ns, cmd, ...args]);
  }

  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await Promise.all(this.daemons.map((d) => this.stop(d).catch(() => undefined)));
    for (const ns of this.namespaces.reverse()) await sh('ip', ['netns', 'del', ns]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
