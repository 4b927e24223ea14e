/**
 * The launcher (src/launch/launcher.cts) and the code cache tools/bundle.mjs makes: V8 takes the
 * cache that was made for the bundle beside it, and whatever the cache (none, another build's, or
 * data V8 refuses) a render prints the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

// @ts-expect-error tools/bundle.mjs is plain JavaScript without declarations.
const { bundleCli, LAUNCHER } = await import('../../tools/bundle.mjs');

let lib: string;
beforeAll(async () => {
  lib = tempDir('k3s-cilium-launcher-');
  await bundleCli(lib);
});
afterAll(() => rmSync(lib, { recursive: true, force: true }));

/** Renders the default cluster with the launcher in `dir`; returns what it printed and what became of the cache. */
function render(dir: string) {
  const script = `const l = require(${JSON.stringify(join(dir, LAUNCHER))});
let out = '';
l.runCli(['synth', '--stdout', '--config', 'clusters'], { stdout: (t) => { out += t; }, stderr: () => {} })
  .then((code) => process.stdout.write(JSON.stringify({ code, cache: l.codeCacheState(), out })));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { code: number; cache: string; out: string };
}

/** A copy of the built lib/ whose cache file `edit` changes. */
function variant(edit: (cache: Buffer) => Buffer | undefined): string {
  const dir = tempDir('k3s-cilium-launcher-variant-');
  cpSync(lib, dir, { recursive: true });
  const cache = join(dir, 'cli.cjs.cache');
  const edited = edit(readFileSync(cache));
  if (edited) writeFileSync(cache, edited);
  else rmSync(cache);
  return dir;
}

describe('the launcher', () => {
  it('loads the bundle with the code cache made for it', () => {
    const r = render(lib);
    expect(r.code).toBe(0);
    expect(r.cache).toBe('accepted');
    expect(r.out).toContain('kind: CiliumLoadBalancerIPPool');
  });

  it('prints the same bytes without a cache, with another build\'s, and with one V8 refuses', () => {
    const expected = render(lib).out;
    const header = readFileSync(join(lib, 'cli.cjs.cache')).indexOf('\n') + 1;
    const cases = {
      none: variant(() => undefined),
      'another build': variant((c) => Buffer.concat([Buffer.from(c.subarray(0, header).toString('latin1').replace(/[0-9a-f](?=\n)/, (d) => (d === '0' ? '1' : '0'))), c.subarray(header)])),
      'refused by V8': variant((c) => Buffer.concat([c.subarray(0, header), Buffer.alloc(c.length - header, 7)])),
    };
    const seen = Object.fromEntries(Object.entries(cases).map(([name, dir]) => {
      const r = render(dir);
      rmSync(dir, { recursive: true, force: true });
      expect(r.out, name).toBe(expected);
      return [name, r.cache];
    }));
    expect(seen).toEqual({ none: 'none', 'another build': 'none', 'refused by V8': 'rejected' });
  });

  it('pairs the cache with the bundle by the build line that ends cli.cjs', () => {
    const bundle = readFileSync(join(lib, 'cli.cjs'), 'latin1');
    const line = bundle.slice(bundle.lastIndexOf('\n', bundle.length - 2) + 1);
    expect(line).toMatch(/^\/\/# k3s-cilium-cdk8s-build=[0-9a-f]{64}\n$/);
    expect(readFileSync(join(lib, 'cli.cjs.cache')).subarray(0, line.length).toString('latin1')).toBe(line);
  });
});
