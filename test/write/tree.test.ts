/** An invalid cluster leaves an existing output tree byte-for-byte as it was; a valid synth prints the plan. */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runSynth } from '../../src/cli/cmds/synth.js';
import { HOMELAB, ROOT, tempDir } from '../helpers.js';

/** Every file under a directory (relative path → bytes as base64), plus the directory listing itself. */
function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) { out[`${relative(dir, p)}/`] = ''; walk(p); } else out[relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}

function synth(args: string[]) {
  const io = { out: '', err: '', stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return { code: runSynth(args, io), io };
}

const temps: string[] = [];
afterEach(() => { for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true }); });

describe('atomic output', () => {
  it('an invalid cluster leaves the previous output untouched and writes nothing', () => {
    const tmp = tempDir('k3s-cilium-atomic-');
    temps.push(tmp);
    const out = join(tmp, 'dist');
    const first = synth(['--config', join(ROOT, HOMELAB), '--out', out]);
    expect(first.code).toBe(0);
    // The plan goes to stdout, identical to PLAN.md; stderr only carries the summary.
    expect(first.io.out).toBe(readFileSync(join(out, 'homelab/PLAN.md'), 'utf8'));
    expect(first.io.out).toMatch(/^# IP plan: homelab\n/);
    const before = snapshotTree(tmp);
    expect(Object.keys(before)).toContain('dist/homelab/manifests/lb-ipam-pools.yaml');

    // A directory with one valid and one invalid cluster of the same name: neither may be written.
    const configs = join(tmp, 'clusters');
    mkdirSync(configs);
    copyFileSync(join(ROOT, HOMELAB), join(configs, 'a-homelab.yaml'));
    copyFileSync(join(ROOT, 'test/fixtures/invalid/overlap-pools.yaml'), join(configs, 'b-broken.yaml'));
    const second = synth(['--config', configs, '--out', out]);
    expect(second.code).toBe(1);
    expect(second.io.out).toBe('');
    expect(second.io.err).toContain('b-broken.yaml: loadBalancer.pools[1].blocks[0]: 192.168.1.100–192.168.1.120 overlaps pool "a"');
    expect(second.io.err).toMatch(/nothing was written/);
    const after = snapshotTree(tmp);
    delete after['clusters/']; delete after['clusters/a-homelab.yaml']; delete after['clusters/b-broken.yaml'];
    expect(after).toEqual(before);
  });
});
