/** `plan --upgrade-to`: the review of a planned Cilium upgrade, before the cluster file is edited, is the one diff prints once it is. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPlan } from '../../src/cli/cmds/plan.js';
import { textFor } from '../representative.js';
import { tempDir } from '../helpers.js';

const dir = tempDir('k3s-cilium-plan-upgrade-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plan(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runPlan(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

const rack = join(dir, 'rack.yaml');
writeFileSync(rack, textFor('examples/bgp-tor.yaml', '1.19.4'));

describe('plan --upgrade-to', () => {
  const file = rack;

  it('reviews the upgrade: the path, the chart data, the Kubernetes range', () => {
    const r = plan(file, '--upgrade-to', '1.20.0');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`## Network change review: \`${file} (Cilium 1.19.4)\` → \`Cilium 1.20.0\``);
    expect(r.stdout).toContain('- Cilium is upgraded from 1.19.4 to 1.20.0');
    expect(r.stdout).toContain('- Upgrade to 1.19.6, the newest 1.19 patch, before 1.20.0');
    expect(r.stdout).toContain("rendered with the examples' values, not this cluster's");
    expect(r.stdout).toContain('Cilium 1.20 is tested upstream with Kubernetes 1.33–1.36');
  });

  it('reviews a jump of two minors as breaking, and refuses a version that is not one', () => {
    writeFileSync(file, textFor('examples/bgp-tor.yaml', '1.18.12'));
    expect(plan(file, '--upgrade-to', '1.20.0').stdout).toContain('Cilium jumps from 1.18.12 to 1.20.0, skipping 1 minor release');
    const bad = plan(file, '--upgrade-to', 'latest');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--upgrade-to latest: give a Cilium release, e.g. 1.20.0');
  });

  it('accepts only x.y.z: a prefix, a suffix, a fourth or a missing part is refused whole (exit 2, nothing on stdout)', () => {
    writeFileSync(file, textFor('examples/bgp-tor.yaml', '1.19.4'));
    for (const version of ['v1.20.0', '1.20.0-rc.1', '1.20.0.1', '1.20', '1.20.', 'x1.20.0', '1.20.0 ', '']) {
      const r = plan(file, '--upgrade-to', version);
      expect(r, version).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr.split('\n')[0], version).toBe(`plan: --upgrade-to ${version}: give a Cilium release, e.g. 1.20.0`);
    }
    expect(plan(file, '--upgrade-to', '10.200.3000').stderr).not.toContain('give a Cilium release');
  });

  it('lists the errors the target release would have, with the file and the version they come from', () => {
    writeFileSync(file, textFor('examples/bgp-tor.yaml', '1.19.4'));
    const r = plan(file, '--upgrade-to', '1.17.0');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('- The new cluster file fails its checks: `synth` refuses it');
    expect(r.stdout).toContain(`  - \`${file} (cilium.version: 1.17.0): cilium.version: Cilium 1.17.0 is not supported; supported releases are 1.18.x–1.20.x.`);
    expect(r.stdout.match(/\(cilium\.version: 1\.17\.0\)/g)).toHaveLength(1);
    // A supported target has no such line.
    expect(plan(file, '--upgrade-to', '1.20.0').stdout).not.toContain('fails its checks');
  });
});

describe('plan', () => {
  it('takes one cluster file or directory, as an argument or --config, never both or two', () => {
    for (const args of [[rack, '--config', rack], [rack, rack]]) {
      const r = plan(...args);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^plan: give one cluster file or directory\nusage: k3s-cilium-cdk8s plan \[<file\|dir>\]/);
    }
    expect(plan('--config', rack).code).toBe(0);
  });

  it('counts the errors of an invalid file, and prints nothing', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, textFor('examples/bgp-tor.yaml', '1.19.4').replace('version: 1.19.4', 'version: 1.15.0').replace(/localASN: \d+/, 'localASN: 0'));
    const r = plan(path);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/\nplan: 2 errors; nothing was printed\n$/);
  });
});
