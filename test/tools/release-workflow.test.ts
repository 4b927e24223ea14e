/** .github/workflows/release.yml: on a version tag, the CI tests, then pack, then publish with provenance. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readProjectFile } from '../helpers.js';

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
    const order = [at(/upstream:fetch -- --from/), at(/\.ci\/run$/), at(/^npm pack$/), at(/^npm publish .*\.tgz --provenance --access public$/)];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps[at(/^npm publish/)].env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node'))).toMatchObject({ with: { 'node-version': 20 } });
  });

  it('refuses a tag that is not the package\'s version', () => {
    expect(steps[at(/GITHUB_REF_NAME/)].run).toBe('test "v$(node -p \'require("./package.json").version\')" = "$GITHUB_REF_NAME"');
  });
});
