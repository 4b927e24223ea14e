/**
 * Every example cluster file renders, passes every check without a warning, and matches its
 * snapshots. The examples other tests take apart are copied to test/fixtures/examples/ (a template
 * user may delete examples/); while both exist they must be the same file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadClusterFile } from '../../src/load/cluster-file.js';
import { docs, readProjectFile, renderFile, ROOT } from '../helpers.js';
import { missingReference, skipUnmet } from '../requirements.js';
import { AGENT_KEYS, SERVER_KEYS } from './k3s-flags.js';

const EXAMPLES = existsSync(`${ROOT}/examples`) ? readdirSync(`${ROOT}/examples`).filter((f) => f.endsWith('.yaml')).sort() : [];
const COPIES = readdirSync(`${ROOT}/test/fixtures/examples`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();

describe.each(EXAMPLES)('examples/%s', (file) => {
  const loaded = loadClusterFile(`${ROOT}/examples/${file}`);
  const files = renderFile(`examples/${file}`);
  const name = file.replace(/\.yaml$/, '');

  it('passes every check with no error and no warning', () => {
    expect(loaded.diagnostics).toEqual([]);
  });

  it.each([...files.keys()])('%s matches its snapshot', async (path) => {
    await expect(files.get(path)).toMatchFileSnapshot(`../snapshots/${name}/${path}`);
  });

  it('writes only keys the node\'s k3s subcommand accepts', (ctx) => {
    skipUnmet(ctx, missingReference());
    for (const node of loaded.cluster!.nodes) {
      const config = docs(files.get(`k3s/config/${node.name}.yaml`)!)[0];
      const allowed = node.role === 'agent' ? AGENT_KEYS : SERVER_KEYS;
      for (const key of Object.keys(config)) expect(allowed.has(key), `${node.role} ${node.name}: ${key}`).toBe(true);
    }
  });
});

it('the README documents every example', () => {
  const readme = readProjectFile('README.md');
  for (const file of EXAMPLES) expect(readme, file).toContain(`](examples/${file})`);
});

it('each copy in test/fixtures/examples/ is its example, byte for byte (while examples/ holds it)', () => {
  expect(COPIES.length).toBeGreaterThan(0);
  for (const file of COPIES.filter((f) => existsSync(`${ROOT}/examples/${f}`))) {
    expect(readProjectFile(`test/fixtures/examples/${file}`), file).toBe(readProjectFile(`examples/${file}`));
  }
});
