/**
 * BGP proven against real routers: for each BGP example and the generated clusters, the rendered
 * FRR configuration runs in a real bgpd and the BIRD one in a real bird, each node runs gobgpd
 * configured from the rendered Cilium objects, in network namespaces wired as the cluster file
 * says. The routers must hold exactly what Cilium advertises, refuse the rest, and drop a node's
 * routes when it leaves; the mutation tests break the rendered ASN, password, prefix filter and
 * peer address and see the assertions fail. Needs root and frr, bird2 and gobgpd; outside CI a
 * missing piece skips with one line, under CI=true it fails.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { readProjectFile, ROOT } from '../helpers.js';
import { GENERATED, MUTATION_BASE } from './clusters.js';
import { BGPD } from './daemons.js';
import { until } from './lab.js';
import { startScenario, verify, type Run } from './scenario.js';

const missing = [
  ...(process.getuid?.() === 0 ? [] : ['root (network namespaces)']),
  ...(existsSync(BGPD) ? [] : ['frr']),
  ...(existsSync('/usr/sbin/bird') ? [] : ['bird2']),
  ...['/usr/bin/gobgpd', '/usr/bin/gobgp'].some((p) => !existsSync(p)) ? ['gobgpd'] : [],
];
const skip = missing.length > 0 && process.env.CI !== 'true';
if (skip) console.log(`test/routers/real-daemons.test.ts skipped: needs ${missing.join(', ')} (apt-get install frr bird2 gobgpd; run as root)`);

// Every example that speaks BGP, bgp-tor first (the withdrawal tests below name it).
const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).sort((a, b) => Number(b === 'bgp-tor.yaml') - Number(a === 'bgp-tor.yaml'))
  .map((f) => parse(readProjectFile(`examples/${f}`)) as ClusterSpec).filter((spec) => spec.loadBalancer?.bgp !== undefined);
const clusters = [...examples, ...GENERATED];

const localAsn = MUTATION_BASE.loadBalancer!.bgp!.localASN;
/** MUTATION_BASE with node n-2 sourcing its sessions from a loopback, which check 41 refuses for single-hop eBGP. */
const loopbackSource: ClusterSpec = structuredClone(MUTATION_BASE);
loopbackSource.nodes[1].bgp = { routerID: '10.255.0.12', localAddresses: ['10.255.0.12'] };

const mutants: Record<string, { spec?: ClusterSpec; options: Parameters<typeof startScenario>[1]; fails?: RegExp }> = {
  'nothing (the control)': { options: { dialect: 'frr' } },
  'the remote ASN': {
    options: { dialect: 'frr', mutate: (_, t) => t.replace(`remote-as ${localAsn}`, `remote-as ${localAsn + 1}`) },
    fails: /session from 10\.77\.0\.1[12] is not Established/,
  },
  'the password': { options: { dialect: 'frr', routerPassword: 'not-the-secret' }, fails: /is not Established/ },
  'the prefix filter': {
    options: { dialect: 'frr', mutate: (_, t) => t.replace('permit 10.78.0.0/29 ge 32', 'permit 0.0.0.0/0 le 32') },
    fails: /accepted 198\.51\.100\.7\/32, which is outside/,
  },
  'a peer address': {
    options: { dialect: 'frr', mutate: (_, t) => t.replaceAll('neighbor 10.77.0.11 ', 'neighbor 10.77.0.111 ') },
    fails: /session from 10\.77\.0\.11 is not Established/,
  },
  'the session source (a loopback without ebgpMultihop: check 41)': {
    spec: loopbackSource, options: { dialect: 'bird', allowErrors: true }, fails: /session from 10\.255\.0\.12 is not Established/,
  },
  'the BIRD prefix filter': {
    options: { dialect: 'bird', mutate: (_, t) => t.replace('10.78.0.0/29{32,32}', '10.78.0.0/29{32,32}, 0.0.0.0/0{0,32}') },
    fails: /accepted 198\.51\.100\.7\/32, which is outside/,
  },
};


const runs = new Map<string, Run>();
const key = (spec: ClusterSpec, dialect: string) => `${spec.name}/${dialect}`;

beforeAll(async () => {
  if (skip) return;
  // Every scenario at once, mutants included: each has its own namespaces, and the daemons mostly wait.
  const started = await Promise.allSettled([
    ...clusters.flatMap((spec) => (['frr', 'bird'] as const).map(async (dialect) => {
      runs.set(key(spec, dialect), await startScenario(spec, { dialect }));
    })),
    ...Object.entries(mutants).map(async ([name, m]) => {
      runs.set(`mutant/${name}`, await startScenario(m.spec ?? MUTATION_BASE, m.options));
    }),
  ]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}, 240_000);

afterAll(async () => {
  await Promise.all([...runs.values()].map((r) => r.lab.destroy()));
}, 120_000);

describe.skipIf(skip)('real routers accept exactly what the cluster announces', () => {
  for (const spec of clusters) {
    for (const dialect of ['frr', 'bird'] as const) {
      it(`${spec.name}: ${dialect === 'frr' ? 'FRR bgpd' : 'BIRD'} routers establish every session and hold exactly the advertised routes`, async () => {
        const run = runs.get(key(spec, dialect))!;
        expect(run.expected.sessions.size).toBe(spec.loadBalancer!.bgp!.peers.length);
        expect(verify(run.expected, await run.observe())).toEqual([]);
      }, 200_000);
    }
  }

  for (const dialect of ['frr', 'bird'] as const) {
    it(`bgp-tor: a node that leaves withdraws its routes from both routers (${dialect === 'frr' ? 'FRR' : 'BIRD'})`, async () => {
      const run = runs.get(key(examples[0], dialect))!;
      expect(verify(run.expected, await run.observe())).toEqual([]);
      const leaving = run.speakers[0];
      const source = [...run.expected.sessions.values()][0].keys().next().value!;
      await leaving.stop();
      const gone = await until(120, async () => {
        const states = new Map(await Promise.all([...run.routers].map(async ([n, r]) => [n, await r.state()] as const)));
        return [...states.values()].every((s) => [...s.routes.values()].every((hops) => !hops.includes(source))) ? states : undefined;
      });
      expect(gone, 'the routers still route through the node that left').toBeDefined();
      // Its session is down; nothing else changed.
      expect(verify(run.expected, gone!, new Set([source]))).toEqual([]);
    }, 200_000);
  }
});

describe.skipIf(skip)('the real-daemon assertions fail when the router side is broken (mutation tests)', () => {
  for (const [name, m] of Object.entries(mutants)) {
    it(m.fails ? `breaking ${name} fails the assertions` : 'breaking nothing passes them', async () => {
      const run = runs.get(`mutant/${name}`)!;
      const failures = verify(run.expected, await run.observe());
      if (m.fails) expect(failures.join('\n')).toMatch(m.fails);
      else expect(failures).toEqual([]);
    }, 200_000);
  }
});
