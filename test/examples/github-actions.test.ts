/**
 * examples/github-actions/network-review.yaml (its copy in test/fixtures/examples/), played as GitHub would on a pull request: a
 * repository with a base commit on main and a pull-request commit, the workflow's own `run`
 * commands in order (with `npx k3s-cilium-cdk8s` being this checkout's CLI, `gh` recording the
 * comment it would post, and `npm ci` skipped: nothing here may reach the network).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HOMELAB, readProjectFile, ROOT, tempDir } from '../helpers.js';

interface Step { name?: string; id?: string; if?: string; run?: string; env?: Record<string, string> }

const workflow = parse(readProjectFile('test/fixtures/examples/github-actions/network-review.yaml')) as { jobs: { review: { steps: Step[] } } };
const steps = workflow.jobs.review.steps;
const homelab = readProjectFile(HOMELAB);

/** `npx` and `gh` as the runner would have them, this checkout's CLI behind `npx k3s-cilium-cdk8s`. */
function shims(): { bin: string; comments: string } {
  const bin = tempDir('k3scc-gha-bin-');
  const comments = join(bin, 'comments.log');
  writeFileSync(
    join(bin, 'npx'),
    `#!/bin/sh\n[ "$1" = k3s-cilium-cdk8s ] || exit 127\nshift\nexec "${process.execPath}" "${join(ROOT, 'tools/cli.mjs')}" "$@"\n`,
  );
  writeFileSync(
    join(bin, 'gh'),
    `#!/bin/sh\n# gh pr comment <pr> --body-file <file> [--edit-last]\nprintf '%s\\n' "$*" >> "${comments}"\ncat "$5" >> "${comments}"\n`,
  );
  chmodSync(join(bin, 'npx'), 0o755);
  chmodSync(join(bin, 'gh'), 0o755);
  return { bin, comments };
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'pipe', encoding: 'utf8' });

/** A GitOps repository cloned as actions/checkout leaves it: main on origin, the pull request's commit checked out. */
function pullRequest(change: string, { render = true } = {}): string {
  const origin = tempDir('k3scc-gha-origin-');
  git(origin, 'init', '-q', '-b', 'main');
  mkdirSync(join(origin, 'clusters'));
  const synth = (cwd: string) =>
    execFileSync(process.execPath, [join(ROOT, 'tools/cli.mjs'), 'synth', '--config', 'clusters', '--out', 'dist'], { cwd, stdio: 'pipe' });
  writeFileSync(join(origin, 'clusters/home.yaml'), homelab);
  synth(origin);
  git(origin, 'add', '.');
  git(origin, 'commit', '-qm', 'base');
  const work = tempDir('k3scc-gha-work-');
  git(work, 'clone', '-q', origin, '.');
  git(work, 'checkout', '-qb', 'pr');
  writeFileSync(join(work, 'clusters/home.yaml'), change);
  if (render) synth(work);
  git(work, 'commit', '-qam', 'change');
  return work;
}

/** Runs the workflow's steps: `if` conditions as GitHub evaluates those the workflow uses, expressions substituted. */
function play(work: string) {
  const { bin, comments } = shims();
  const outputs = join(work, '.github-output');
  writeFileSync(outputs, '');
  const expressions: Record<string, string> = { 'github.base_ref': 'main', 'github.token': 'token', 'github.event.pull_request.number': '7' };
  const results: { name: string; status: number | null; stderr: string }[] = [];
  for (const step of steps) {
    if (!step.run || step.run.trim() === 'npm ci') continue;
    const status = Object.fromEntries(readFileSync(outputs, 'utf8').split('\n').filter(Boolean).map((l) => l.split('=')));
    const failed = results.some((r) => r.status !== 0);
    // An `if` without always() implies success(), as in GitHub Actions.
    if (failed && !step.if?.startsWith('always()')) continue;
    if (step.if === "steps.review.outputs.status != '0'" && status.status === '0') continue;
    if (step.if?.startsWith('always()') && !existsSync(join(work, 'review.md'))) continue;
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([k, v]) => [k, v.replace(/\$\{\{ ([^}]+) \}\}/g, (_, e: string) => expressions[e.trim()])]),
    );
    const r = spawnSync('bash', ['-eo', 'pipefail', '-c', step.run], {
      cwd: work, encoding: 'utf8', env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: outputs, CI: 'true' },
    });
    results.push({ name: step.name ?? '', status: r.status, stderr: r.stderr });
  }
  return { results, comments: existsSync(comments) ? readFileSync(comments, 'utf8') : '' };
}

describe('the network-review workflow for GitOps repositories', () => {
  it('passes a safe change and comments the review', () => {
    const { results, comments } = play(pullRequest(homelab.replace('stop: 192.168.1.115', 'stop: 192.168.1.120')));
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['dist/ is what the cluster files render', 0],
      ['Review the network change', 0],
      ['Comment on the pull request', 0],
    ]);
    expect(comments).toContain('7 --body-file review.md --edit-last\n## Network change review: `origin/main` → `working tree`');
    expect(comments).toContain('- Pool `default-pool` grows by 5 addresses (192.168.1.116–192.168.1.120)');
  });

  it('comments a breaking change and fails the check', () => {
    const { results, comments } = play(
      pullRequest(
        homelab
          .replace('address: 192.168.1.10/24, interfaces: [eth0]', 'address: 192.168.1.10/24, interfaces: [ens3]')
          .replace("interfaces: ['^eth[0-9]+'], externalIPs", "interfaces: ['^ens[0-9]+'], externalIPs")
          .replace("interfaces: ['^eth[0-9]+']\n", "interfaces: ['^ens[0-9]+']\n"),
      ),
    );
    expect(results.map((r) => [r.name, r.status])).toEqual([
      ['dist/ is what the cluster files render', 0],
      ['Review the network change', 0],
      ['Comment on the pull request', 0],
      ['Fail on a breaking change', 1],
    ]);
    expect(comments).toContain('**Breaking');
    expect(comments).toContain('L2 announcements of pool `default-pool` move: `cp-1 (eth0)` stops answering, `cp-1 (ens3)` starts');
  });

  it('fails at the dist/ check when the pull request did not re-render', () => {
    const { results } = play(pullRequest(homelab.replace('stop: 192.168.1.115', 'stop: 192.168.1.120'), { render: false }));
    expect(results.map((r) => [r.name, r.status])).toEqual([['dist/ is what the cluster files render', 1]]);
    expect(results[0].stderr).toContain('changed  homelab/manifests/lb-ipam-pools.yaml');
  });
});
