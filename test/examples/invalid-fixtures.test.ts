/**
 * The BGP, HA and dual-stack checks on invalid cluster files: each fixture's `# expect:` lines are
 * exactly the messages the CLI prints for it (warnings included), and a file with an error is
 * refused while warnings alone let it render.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../constructs/diagnostics.js';
import { resolveCluster } from '../../constructs/resolved-cluster.js';
import { validateBgpAsns } from '../../constructs/validation/bgp-asn.js';
import { validateBgpNodes } from '../../constructs/validation/bgp-nodes.js';
import { validateBgpPeers } from '../../constructs/validation/bgp-peers.js';
import { validateBgpPools } from '../../constructs/validation/bgp-pools.js';
import { validateDirectRouting } from '../../constructs/validation/direct-routing.js';
import { validateDualStack } from '../../constructs/validation/dual-stack.js';
import { validateServers } from '../../constructs/validation/servers.js';
import { loadClusterFile } from '../../src/cluster-file.js';
import { ROOT } from '../helpers.js';

const DIR = 'test/fixtures/invalid';
const FIXTURES = readdirSync(`${ROOT}/${DIR}`).filter((f) => /^(bgp|ha|dual-stack)-.*\.yaml$/.test(f)).sort();

describe.each(FIXTURES)(`${DIR}/%s`, (name) => {
  const file = `${DIR}/${name}`;
  const expected = readFileSync(`${ROOT}/${file}`, 'utf8').split('\n').filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length));
  const loaded = loadClusterFile(`${ROOT}/${file}`);

  it('reports exactly the expected messages', () => {
    expect(expected.length).toBeGreaterThan(0);
    expect(loaded.diagnostics.map((d) => formatDiagnostic(file, d))).toEqual(expected);
  });

  it(expected.every((l) => l.includes(': warning: ')) ? 'renders despite the warning' : 'is refused', () => {
    const onlyWarnings = loaded.diagnostics.every((d) => d.severity === 'warning');
    expect(loaded.cluster !== undefined).toBe(onlyWarnings);
  });
});

it.each([
  validateServers, validateDualStack, validateDirectRouting, validateBgpAsns, validateBgpPeers, validateBgpPools, validateBgpNodes,
])('%o has a fixture that fails it', (check) => {
  const failing = FIXTURES.filter((name) => check(resolveCluster(parse(readFileSync(`${ROOT}/${DIR}/${name}`, 'utf8')))).length > 0);
  expect(failing.length).toBeGreaterThan(0);
});
