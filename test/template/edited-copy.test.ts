/**
 * Template mode, done to a copy of this repository the way a user does it: the first cluster of
 * clusters/ renamed (file and `name`), a node added to it, a second cluster added, examples/ deleted.
 * Synth must say what to change in fleet.yaml for the rename, then render, and the tests that judge
 * the user's own clusters must pass in the copy; with the reference data, `validate` accepts the rendered tree.
 * Nothing here names a cluster: it works on whatever clusters/ holds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { SHARED_DIR_ENV, sharedDir } from '../../src/conformance/shared-dir.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { copyCheckout, ROOT, tempDir } from '../helpers.js';
import { missingReference, skipUnmet } from '../requirements.js';

/** The tests that read clusters/, fleet.yaml, dist/ or examples/, run in the copy. */
const USER_TESTS = ['test/dist.test.ts', 'test/template-mode.test.ts', 'test/gitops/argocd-application.test.ts', 'test/load/schema.test.ts',
  'test/examples/examples.test.ts'];

let base = '';
let repo = '';

/** A copy of the first node as an agent at the first free address of its subnet the checks accept. */
function withAddedNode(file: string, text: string): string {
  for (let host = 250; host > 1; host--) {
    const doc = parseDocument(text);
    const nodes = doc.get('nodes') as { items: YAMLMap[] };
    const first = nodes.items[0].toJSON() as { name: string; address: string };
    const address = first.address.split(',')[0].replace(/^(\d+\.\d+\.\d+\.)\d+/, `$1${host}`);
    nodes.items.push(doc.createNode({ name: `${first.name}-added`, role: 'agent', address }) as YAMLMap);
    const candidate = doc.toString();
    if (loadClusterText(file, candidate).cluster) return candidate;
  }
  throw new Error(`${file}: no free address found for an added node`);
}

const env = () => ({ ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...(missingReference() ? {} : { [SHARED_DIR_ENV]: sharedDir() }) });
const npm = (args: string[]) => spawnSync('npm', ['run', '--silent', ...args], { cwd: repo, env: env(), encoding: 'utf8' });

beforeAll(() => {
  base = tempDir('k3s-cilium-template-');
  repo = join(base, 'repo');
  copyCheckout(repo);
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a copy of the repository, edited as a template user does', () => {
  let renamed = '';

  it('renames a cluster, adds a node and a second cluster, deletes examples/: synth renders it and the user-facing tests pass', () => {
    const clusters = join(repo, 'clusters');
    const [first] = readdirSync(clusters).filter((f) => /\.ya?ml$/.test(f)).sort();
    const text = readFileSync(join(clusters, first), 'utf8');
    const old = String(parseDocument(text).get('name'));
    renamed = `${old}-renamed`.slice(-63).replace(/^-+/, '');
    rmSync(join(clusters, first));
    const edited = withAddedNode(`clusters/${renamed}.yaml`, text.replace(/^name: .*$/m, `name: ${renamed}`));
    writeFileSync(join(clusters, `${renamed}.yaml`), edited);
    writeFileSync(join(clusters, 'second.yaml'), edited.replace(/^name: .*$/m, 'name: second'));
    rmSync(join(repo, 'examples'), { recursive: true });

    // fleet.yaml still lists the old name: synth says to rename the key, and writes nothing.
    const fleet = parseDocument(readFileSync(join(repo, 'fleet.yaml'), 'utf8'));
    const keyed = fleet.get('clusters');
    if (isMap(keyed) && keyed.has(old)) {
      const refused = npm(['synth']);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`fleet.yaml: clusters.${old}: no cluster is named "${old}"`);
      expect(refused.stderr).toContain('if the cluster was renamed, rename this key too');
      const entry = keyed.items.find((p) => String(p.key) === old)!;
      entry.key = fleet.createNode(renamed);
      writeFileSync(join(repo, 'fleet.yaml'), fleet.toString());
    }
    expect(isSeq(parseDocument(edited).get('nodes'))).toBe(true);

    const synth = npm(['synth']);
    expect(synth.stderr).not.toMatch(/error|\n\s+at /);
    expect(synth.status).toBe(0);
    expect(existsSync(join(repo, 'dist', renamed, 'PLAN.md'))).toBe(true);
    expect(existsSync(join(repo, 'dist', 'second', 'PLAN.md'))).toBe(true);
    expect(existsSync(join(repo, 'dist', old))).toBe(false);

    const tests = spawnSync(process.execPath, [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...USER_TESTS], {
      cwd: repo, env: env(), encoding: 'utf8',
    });
    expect(`${tests.stdout}${tests.stderr}`).toMatch(/Tests\s+\S*\d+ passed/);
    expect(tests.status, `${tests.stdout}\n${tests.stderr}`).toBe(0);
    // Synth and a vitest run in the copy: far past the default limit on a loaded 2-core machine.
  }, 600_000);

  it('and `validate` of the rendered copy, with no flag, accepts every cluster against the upstream schemas', (ctx) => {
    skipUnmet(ctx, missingReference());
    expect(renamed).not.toBe('');
    const validate = npm(['validate']);
    expect(validate.stderr).toContain(`validate: dist/${renamed} (Cilium`);
    expect(validate.stderr).toContain('validate: dist/second (Cilium');
    expect(validate.status).toBe(0);
  });
});

