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

describe('plan --upgrade-to', () => {
  const file = join(dir, 'rack.yaml');
  writeFileSync(file, textFor('examples/bgp-tor.yaml', '1.19.4'));

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
});
