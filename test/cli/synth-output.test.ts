/**
 * What synth prints, read whole: the IP plans on stdout (one per cluster, a blank line between), one
 * line per cluster and one for the Argo CD Applications on stderr, every refusal and usage error
 * worded in full with the output directory it names, and where the output goes by default.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlan } from '../../src/cli/cmds/plan.js';
import { runSynth, synthTestHooks } from '../../src/cli/cmds/synth.js';
import { shown } from '../../src/write/io-error.js';
import { HOMELAB, readProjectFile, renderFile, tempDir } from '../helpers.js';
import { run } from './run.js';

const homelab = readProjectFile(HOMELAB);
const renamed = (name: string) => homelab.replace('name: homelab', `name: ${name}`);

function config(files: Record<string, string>): string {
  const dir = tempDir('k3s-cilium-synth-config-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const fleet = (dir: string) => {
  const file = join(dir, 'fleet.yaml');
  writeFileSync(file, 'repoURL: https://git.home.arpa/infra/gitops.git\n');
  return file;
};

const savedOutdir = process.env.CDK8S_OUTDIR;
afterEach(() => {
  if (savedOutdir === undefined) delete process.env.CDK8S_OUTDIR;
  else process.env.CDK8S_OUTDIR = savedOutdir;
});

describe('synth prints', () => {
  it('each cluster\'s IP plan on stdout with a blank line between, and one line per cluster and for the Applications on stderr', () => {
    const dir = config({ 'a.yaml': renamed('alpha'), 'b.yaml': renamed('beta') });
    const out = join(tempDir('k3s-cilium-synth-out-'), 'dist');
    const r = run(['--config', dir, '--out', out, '--fleet', fleet(tempDir('k3s-cilium-synth-fleet-'))]);
    expect(r.code).toBe(0);
    const files = renderFile(HOMELAB).size;
    expect(r.stderr).toBe([
      `synth: ${join(dir, 'a.yaml')} → ${shown(join(out, 'alpha'))}/ (${files} files)`,
      `synth: ${join(dir, 'b.yaml')} → ${shown(join(out, 'beta'))}/ (${files} files)`,
      `synth: Argo CD Applications → ${shown(join(out, 'argocd'))}/ (2 Applications)`,
      '',
    ].join('\n'));
    // What `plan` prints is PLAN.md as synth writes it.
    const planOf = (file: string) => {
      let text = '';
      runPlan([join(dir, file)], { stdout: (t) => { text += t; }, stderr: () => {} });
      return text;
    };
    expect(r.stdout).toBe(`${planOf('a.yaml')}\n${planOf('b.yaml')}`);
    expect(readdirSync(join(out, 'argocd')).sort()).toEqual(['alpha.yaml', 'beta.yaml']);
  });

  it('one Application in the singular, and no Applications line without a fleet', () => {
    const dir = config({ 'a.yaml': renamed('alpha') });
    const out = join(tempDir('k3s-cilium-synth-out-'), 'dist');
    const r = run(['--config', dir, '--out', out, '--fleet', fleet(tempDir('k3s-cilium-synth-fleet-'))]);
    expect(r.stderr.split('\n').slice(-2)).toEqual([`synth: Argo CD Applications → ${shown(join(out, 'argocd'))}/ (1 Application)`, '']);
    const bare = run(['--config', dir, '--out', join(tempDir('k3s-cilium-synth-out-'), 'dist')]);
    expect(bare.stderr).not.toContain('Argo CD');
    expect(bare.stderr.split('\n')).toHaveLength(2);
  });

  it('counts the errors of every file before writing anything, and says where nothing was written or printed', () => {
    const dir = config({ 'a.yaml': renamed('alpha').replace('rpFilter: 0', 'rpFilter: 1'), 'b.yaml': renamed('beta').replace('rpFilter: 0', 'rpFilter: 1') });
    const out = join(tempDir('k3s-cilium-synth-out-'), 'dist');
    const r = run(['--config', dir, '--out', out]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr.split('\n').slice(-2)).toEqual([`synth: 2 errors; nothing was written to ${out}/`, '']);
    const one = run(['--stdout', '--config', join(dir, 'a.yaml')]);
    expect(one).toMatchObject({ code: 1, stdout: '' });
    expect(one.stderr.split('\n').slice(-2)).toEqual(['synth: 1 error; nothing was printed', '']);
  });

  it('counts the fleet file\'s errors on their own line, and writes nothing', () => {
    const dir = config({ 'a.yaml': renamed('alpha') });
    const fleetDir = tempDir('k3s-cilium-synth-fleet-');
    const file = join(fleetDir, 'fleet.yaml');
    writeFileSync(file, 'repoURL: https://git.example/gitops.git\ndestination: { server: http://insecure }\nclusters: { nope: {} }\n');
    const out = join(tempDir('k3s-cilium-synth-out-'), 'dist');
    const r = run(['--config', dir, '--out', out, '--fleet', file]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr.split('\n').slice(-2)).toEqual([`synth: 2 errors in the fleet file; nothing was written to ${out}/`, '']);
  });

  it('refuses one file that is not synth\'s in the singular, naming the cluster left as it was', () => {
    const dir = config({ 'a.yaml': renamed('alpha') });
    const out = join(tempDir('k3s-cilium-synth-out-'), 'dist');
    mkdirSync(join(out, 'alpha'), { recursive: true });
    writeFileSync(join(out, 'alpha', 'PLAN.md'), 'mine\n');
    const r = run(['--config', dir, '--out', out]);
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toBe(`synth: 1 path in ${shown(out)}/ is not synth's to replace or delete:\n  alpha/PLAN.md: not written by synth\n`
      + 'The cluster holding them (alpha) was left as it was; every other cluster is written. Move these files away, '
      + 'or run synth again with --take-over to let synth replace them\n');
  });
});

describe('a write that fails part way (the writer\'s test hook throws a disk error before its second change)', () => {
  it('is exit 3 in one line saying what state the output is in; --check then shows the pending write, and the next run completes it', () => {
    const dir = config({ 'a.yaml': renamed('alpha') });
    const out = join(tempDir('k3s-cilium-synth-out-'), 'dist');
    expect(run(['--config', dir, '--out', out]).code).toBe(0);
    writeFileSync(join(dir, 'a.yaml'), renamed('alpha').replace('192.168.1.115', '192.168.1.114'));
    const plan = join(out, 'alpha', 'PLAN.md');
    let step = 0;
    synthTestHooks.onStep = () => {
      if (++step === 2) throw Object.assign(new Error(`EIO: i/o error, write '${plan}'`), { code: 'EIO', syscall: 'write', path: plan });
    };
    let failed;
    try {
      failed = run(['--config', dir, '--out', out]);
    } finally {
      synthTestHooks.onStep = undefined;
    }
    expect(failed).toEqual({
      code: 3, stdout: '',
      stderr: `synth: cannot write ${shown(plan)}: input/output error reported by the device (EIO); check the disk (dmesg) and run again once it is healthy; `
        + 'every file is whole; any cluster written before this stays written, the rest are as they were: run synth again once this is fixed\n',
    });
    const check = run(['--check', '--config', dir, '--out', out]);
    expect(check.code).toBe(1);
    expect(check.stderr.split('\n')[1]).toBe('  pending  an interrupted write (the next synth completes it)');
    // The lock was let go: the next run takes it and completes the tree.
    expect(run(['--config', dir, '--out', out]).code).toBe(0);
    expect(run(['--check', '--config', dir, '--out', out]).code).toBe(0);
  });
});

describe('synth refuses as usage errors (exit 2, nothing written)', () => {
  it.each([
    [['--cluster', 'homelab'], '--cluster only goes with --stdout'],
    [['--stdout', '--check'], '--stdout prints one cluster; it does not go with --check, --fleet or --take-over'],
    [['--stdout', '--fleet', 'fleet.yaml'], '--stdout prints one cluster; it does not go with --check, --fleet or --take-over'],
    [['--stdout', '--take-over'], '--stdout prints one cluster; it does not go with --check, --fleet or --take-over'],
    [['--out', ''], '--out is empty: give the output directory (--out . for the working directory)'],
    [['--config', ''], '--config is empty: give a cluster file, a directory of them, or - for standard input'],
  ])('%j', (argv, problem) => {
    const r = run([...argv]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(new RegExp(`^synth: ${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nusage: k3s-cilium-cdk8s synth \\[--config`));
  });
});

describe('where synth writes', () => {
  it('$CDK8S_OUTDIR when --out is not given, and --out over it', () => {
    const dir = config({ 'a.yaml': renamed('alpha') });
    const env = join(tempDir('k3s-cilium-synth-out-'), 'env');
    process.env.CDK8S_OUTDIR = env;
    const quiet = { stdout: () => {}, stderr: () => {} };
    expect(runSynth(['--config', dir], quiet)).toBe(0);
    expect(readdirSync(env)).toContain('alpha');
    const flag = join(tempDir('k3s-cilium-synth-out-'), 'flag');
    expect(runSynth(['--config', dir, '--out', flag], quiet)).toBe(0);
    expect(readdirSync(flag)).toContain('alpha');
  });

  it('renders the Applications of ./fleet.yaml when the default clusters/ is rendered, named either way', () => {
    for (const argv of [[], ['--config', 'clusters/'], ['--config', 'clusters']]) {
      const out = join(tempDir('k3s-cilium-synth-out-'), 'dist');
      const r = run([...argv, '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(readdirSync(join(out, 'argocd')), argv.join(' ')).toEqual(readdirSync('dist/argocd'));
    }
  });
});
