/** The `k3s-cilium-cdk8s` command line: commands, help, version, usage texts naming the command as typed, exit codes. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('k3s-cilium-cdk8s', () => {
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
