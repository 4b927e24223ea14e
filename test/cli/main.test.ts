/** The `k3s-cilium-cdk8s` command line: commands, help, version, usage texts naming the command as typed, exit codes. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli, type CliOptions } from '../../src/cli/main.js';
import { HOMELAB, readProjectFile, renderFile, tempDir } from '../helpers.js';

async function cli(argv: string[], options?: CliOptions) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }, options);
  return { code, stdout, stderr };
}

function clusterDir(files: Record<string, string>): string {
  const dir = tempDir('k3s-cilium-main-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const homelab = readProjectFile(HOMELAB);

/** `--help`'s text, read whole: every command with its summary in one aligned column, the version flag, every exit code. */
const USAGE = `usage: k3s-cilium-cdk8s <command> [options]

commands:
  synth     validate cluster files and render each into <out>/<name>/ (or print one cluster's manifests with --stdout)
  plan      print the PLAN.md of a cluster file (IP plan and verification checklist); writes nothing
  diff      review the network change between two git revisions (or directories) of the cluster files
  import    turn the files of a running setup (Helm values, Cilium resources, k3s configs) into a cluster file
  validate  check rendered trees against the upstream schemas (needs the reference data: upstream fetch, or --shared <dir>)
  upstream  upstream fetch [--from <dir|url>]: download and verify the upstream files validate judges by

Run \`k3s-cilium-cdk8s <command> --help\` for a command's options; \`k3s-cilium-cdk8s --version\` prints the version.
Exit codes: 0 ok; 1 invalid input, a differing tree (synth --check), violations (validate), a change at the --fail-on level (diff)
or a refused upstream file; 2 usage error (or no reference data for validate); 3 a file cannot be read or written, the output
(or the cache) cannot be written, another run holds the lock, or a file in the way is not synth's.
`;

describe('k3s-cilium-cdk8s', () => {
  it('prints exactly its usage for --help, -h and help, on stdout, exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) expect(await cli(argv), argv.join(' ')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  it('says what is wrong before the usage, on stderr, exit 2: no command, an unknown one, help of an unknown one or of two', async () => {
    const cases: [string[], string][] = [
      [[], 'no command given'],
      [['render'], 'unknown command "render"'],
      [['--stdout'], 'unknown command "--stdout"'],
      [['help', 'render'], 'unknown command "render"'],
      [['help', 'synth', 'plan'], 'unknown command "synth plan"'],
      [['toString'], 'unknown command "toString"'],
      [['help', 'constructor'], 'unknown command "constructor"'],
    ];
    for (const [argv, problem] of cases) {
      expect(await cli(argv), argv.join(' ')).toEqual({ code: 2, stdout: '', stderr: `k3s-cilium-cdk8s: ${problem}\n${USAGE}` });
    }
  });

  it.each(['diff', 'import', 'upstream'])('gives %s its own --help too (help %s the same), naming it as typed', async (command) => {
    const own = await cli([command, '--help']);
    expect(own).toMatchObject({ code: 0, stderr: '' });
    expect(own.stdout).toMatch(new RegExp(`^usage: k3s-cilium-cdk8s ${command} `));
    expect(await cli(['help', command])).toEqual(own);
    expect((await cli([command, '--help'], { program: (c) => `npm run ${c} --` })).stdout).toMatch(new RegExp(`^usage: npm run ${command} -- `));
  });

  it('prints through the process\'s stdout and stderr when no io is given, and then ends quietly when stdout closes', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const written: unknown[][] = [];
    try {
      expect(await runCli(['--version'])).toBe(0);
      expect(await runCli(['nope'])).toBe(2);
      written.push(out.mock.calls.map(([t]) => t), err.mock.calls.map(([t]) => t));
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(written[0]).toContain('unknown (unbundled sources)\n');
    expect(written[1]).toContain(`k3s-cilium-cdk8s: unknown command "nope"\n${USAGE}`);
    // The listener test/cli/io.test.ts reads (added once per process, by whichever call comes first).
    expect(process.stdout.listeners('error').filter((l) => String(l).includes('EPIPE'))).toHaveLength(1);
  });

  it('passes the arguments after the command to it, not the command itself', async () => {
    const r = await cli(['plan', 'a.yaml', 'b.yaml']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^plan: give one cluster file or directory\nusage: k3s-cilium-cdk8s plan /);
  });

  it('lists its commands and exit codes with --help (exit 0), and exits 2 with them when no command or an unknown one is given', async () => {
    const help = await cli(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: k3s-cilium-cdk8s <command> \[options\]\n/);
    for (const command of ['synth', 'plan', 'diff', 'validate', 'import', 'upstream']) expect(help.stdout).toMatch(new RegExp(`\\n  ${command} +\\S`));
    expect(help.stdout).toContain('Exit codes: 0 ok; 1 invalid input');
    expect(help.stdout).toContain('3 a file cannot be read or written, the output\n(or the cache) cannot be written');
    expect(await cli(['help'])).toEqual(help);
    for (const argv of [[], ['render'], ['--stdout']]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(help.stdout);
    }
    expect((await cli(['render'])).stderr).toMatch(/^k3s-cilium-cdk8s: unknown command "render"\n/);
  });

  it.each(['synth', 'plan', 'validate'])('gives %s its own --help, naming it as typed', async (command) => {
    const own = await cli([command, '--help']);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(new RegExp(`^usage: k3s-cilium-cdk8s ${command} `));
    expect(await cli(['help', command])).toEqual(own);
    const npm = await cli([command, '--help'], { program: (c) => `npm run ${c} --` });
    expect(npm.stdout).toMatch(new RegExp(`^usage: npm run ${command} -- `));
  });

  it('names the command in usage errors too, with exit 2', async () => {
    const r = await cli(['synth', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^synth: Unknown option '--bogus'/);
    expect(r.stderr).toContain('usage: k3s-cilium-cdk8s synth [--config <file|dir|->]');
  });

  it('prints a version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    // The bundle carries package.json's version (the packed CLI's test checks it); the sources run here say so.
    expect(r.stdout).toBe('unknown (unbundled sources)\n');
  });
});

describe('k3s-cilium-cdk8s plan', () => {
  it('prints exactly the PLAN.md synth writes, and nothing on stderr for a clean file', async () => {
    const dir = clusterDir({ 'homelab.yaml': homelab });
    const r = await cli(['plan', join(dir, 'homelab.yaml')]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(renderFile(HOMELAB).get('PLAN.md'));
    expect((await cli(['plan', '--config', dir])).stdout).toBe(r.stdout);
  });

  it('needs --cluster among several files, and exits 2 for a name no file has', async () => {
    const dir = clusterDir({ 'a.yaml': homelab, 'b.yaml': homelab.replace('name: homelab', 'name: office') });
    const ambiguous = await cli(['plan', dir]);
    expect(ambiguous).toMatchObject({ code: 2, stdout: '' });
    expect(ambiguous.stderr).toContain('plan: plan prints one cluster and there are 2: pick one with --cluster (homelab, office)');
    expect((await cli(['plan', dir, '--cluster', 'office'])).stdout).toMatch(/^# IP plan: office\n/);
    expect((await cli(['plan', dir, '--cluster', 'lab'])).stderr).toContain('--cluster lab: no cluster file has this name (clusters: homelab, office)');
    expect((await cli(['plan', dir, '--config', dir])).code).toBe(2);
  });

  it('exits 1 with the findings and prints nothing for an invalid file', async () => {
    const dir = clusterDir({ 'homelab.yaml': homelab.replace('rpFilter: 0', 'rpFilter: 1') });
    const r = await cli(['plan', dir]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toContain(`${join(dir, 'homelab.yaml')}: sysctls.rpFilter: rpFilter 1 (strict)`);
    expect(r.stderr).toMatch(/plan: 1 error; nothing was printed\n$/);
  });
});

describe('k3s-cilium-cdk8s validate without reference data', () => {
  it('exits 2 naming the one command that fetches it, when neither the variable, the cache nor ../shared holds any', async () => {
    const names = ['K3S_CILIUM_SHARED_DIR', 'K3S_CILIUM_CACHE_DIR', 'K3S_CILIUM_CHECKOUT_SHARED_DIR'] as const;
    const saved = names.map((n) => process.env[n]);
    const empty = tempDir('k3s-cilium-no-cache-');
    delete process.env.K3S_CILIUM_SHARED_DIR;
    process.env.K3S_CILIUM_CACHE_DIR = empty;
    process.env.K3S_CILIUM_CHECKOUT_SHARED_DIR = join(empty, 'shared');
    try {
      const r = await cli(['validate', 'dist']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^validate: no upstream reference data \(CRDs, chart schemas, k3s flags\): /);
      expect(r.stderr).toContain('run `k3s-cilium-cdk8s upstream fetch` once');
      const npm = await cli(['validate', 'dist'], { program: (c) => `npm run ${c} --` });
      expect(npm.stderr).toContain('run `npm run upstream:fetch` once');
    } finally {
      names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
