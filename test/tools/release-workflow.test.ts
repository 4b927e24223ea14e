/** .github/workflows/release.yml: on a version tag, the CI tests, then pack, then publish with provenance. */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readProjectFile, tempDir } from '../helpers.js';

interface Step { name?: string; uses?: string; run?: string; env?: Record<string, string> }
const workflow = parse(readProjectFile('.github/workflows/release.yml'));
const job = workflow.jobs.release;
const steps: Step[] = job.steps;
const at = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s.run ?? ''));

describe('the release workflow', () => {
  it('runs on version tags only, with the OIDC token provenance needs and nothing else writable', () => {
    expect(Object.keys(workflow.on)).toEqual(['push']);
    expect(workflow.on.push).toEqual({ tags: ['v[0-9]+.[0-9]+.[0-9]+*'] });
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('tests as CI does, then packs, then publishes that tarball with provenance, in that order', () => {
    const order = [
      at(/repository\.url/), at(/npm run upstream:fetch;/), at(/\.ci\/run$/), at(/^npm pack$/), at(/^npm publish .*\.tgz --provenance --access public$/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps[at(/^npm publish/)].env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node'))).toMatchObject({ with: { 'node-version': 20 } });
  });

  it('stops first, saying what to add, unless package.json\'s repository.url is the repository it runs in', () => {
    const dir = tempDir('k3s-cilium-release-');
    const run = (repository: unknown) => {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', ...(repository === undefined ? {} : { repository }) }));
      const env = { ...process.env, GITHUB_REPOSITORY: 'o/k3s-cilium-cdk8s' };
      return spawnSync('bash', ['-eo', 'pipefail', '-c', steps[at(/repository\.url/)].run!], { cwd: dir, encoding: 'utf8', env });
    };
    const missing = run(undefined);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('package.json: repository.url is "", not this repository; npm publish --provenance needs it: '
      + 'add "repository": {"type": "git", "url": "git+https://github.com/o/k3s-cilium-cdk8s.git"} and tag again\n');
    expect(run({ type: 'git', url: 'git+https://github.com/other/k3s-cilium-cdk8s.git' }).status).toBe(1);
    expect(run({ type: 'git', url: 'git+https://github.com/o/k3s-cilium-cdk8s.git' }).status).toBe(0);
    expect(readProjectFile('package.json')).not.toContain('"repository"');
  });

  // A tag can be moved to other code; a commit cannot (GitHub's security hardening guide for Actions).
  it('pins every action by a full commit SHA, with the release it is beside', () => {
    const uses = [...readProjectFile('.github/workflows/release.yml').matchAll(/^\s*(?:- )?uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBe(steps.filter((s) => s.uses !== undefined).length);
    for (const [, ref, comment] of uses) {
      expect(ref, ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(comment, ref).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it('refuses a tag that is not the package\'s version', () => {
    expect(steps[at(/GITHUB_REF_NAME/)].run).toBe('test "v$(node -p \'require("./package.json").version\')" = "$GITHUB_REF_NAME"');
  });
});
