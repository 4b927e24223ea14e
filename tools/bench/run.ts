/**
 * `npm run bench`: builds the project, generates the fixtures (tools/bench/fixtures.ts, into a
 * temporary directory), and times the three scenarios of tools/bench/README.md as whole processes,
 * each against a bare `node -e 0` measured in the same run. Prints a Markdown table and the targets.
 * A scenario that fails is reported with the first line of its stderr and the bench goes on; the
 * exit status is 1 when a scenario failed or a target was missed.
 * - BENCH_RUNS=<n> multiplies the number of timed runs (and pairs).
 * - BENCH_ONLY=<id>,<id> runs only those scenarios.
 * - BENCH_BEFORE=<dir> also runs plugin, fleet and large with the launcher in <dir> (a copy of an
 *   earlier build's lib/k3s-cilium-cdk8s.cjs, cli.cjs, validate.cjs and cli.cjs.cache), as `<id>@before`:
 *   before and after in one run, against the same `node -e 0`.
 * - `npm run bench -- --breakdown` runs tools/bench/breakdown.ts instead (also `npm run bench:breakdown`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { fleetClusters, fleetFile, LARGE_CLUSTER, largeCluster } from './fixtures.js';
import { Command, measure, measureAlternating, Result, Stats } from './measure.js';
import { SIDECAR_PATCH, sidecarMemoryLimit } from './quantity.js';

const root = resolve(import.meta.dirname, '..', '..');
const factor = Number(process.env.BENCH_RUNS ?? 1);
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** The issue-23 targets (tools/bench/README.md). */
const PLUGIN_RATIO = 1.5;
const LARGE_RATIO = 2.0;
const FLEET_SIZE = 3000;
const FLEET_MS_PER_CLUSTER = 5;
const FLEET_PEAK_MIB = 256;

interface Scenario {
  id: string;
  what: string;
  command: Command;
  runs: number;
  warmups: number;
  /** Measured alternately with `node -e 0` (its own series), and reported as a ratio to it. */
  paired: boolean;
  /** For information only: a variant that shows what a piece of start-up machinery buys. */
  info?: boolean;
}

async function bench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'k3s-cilium-bench-'));
  const launcher = join(root, 'lib', 'k3s-cilium-cdk8s.cjs');
  const node = (file: string, ...args: string[]) => ['node', file, ...args];
  const plugin = (file: string): Command => ({ argv: node(file, 'synth', '--stdout', '--config', '.', '--cluster', 'homelab'), cwd: join(root, 'clusters') });
  const fleetOut = join(work, 'fleet-out');

  const scenarios: Scenario[] = [
    {
      id: 'plugin',
      what: "the Argo CD plugin's command on the default cluster: `node lib/k3s-cilium-cdk8s.cjs synth --stdout --config . --cluster homelab` in clusters/",
      command: plugin(launcher), runs: 15, warmups: 3, paired: true,
    },
    {
      id: 'fleet',
      what: `one \`synth\` of ${FLEET_SIZE} small cluster files and their fleet file, every file written to an empty --out`,
      command: {
        argv: node(launcher, 'synth', '--config', join(work, 'fleet', 'clusters'), '--fleet', join(work, 'fleet', 'fleet.yaml'), '--out', fleetOut),
        cwd: join(work, 'fleet'),
        prepare: () => rmSync(fleetOut, { recursive: true, force: true }),
      },
      runs: 2, warmups: 0, paired: false,
    },
    {
      id: 'large',
      what: `one ${LARGE_CLUSTER.nodes}-node cluster (${LARGE_CLUSTER.pools} pools, ${LARGE_CLUSTER.reservations} reservations, ${LARGE_CLUSTER.peers} BGP peers) on the plugin's path (\`synth --stdout\`)`,
      command: { argv: node(launcher, 'synth', '--stdout', '--config', '.'), cwd: join(work, 'large') },
      runs: 10, warmups: 1, paired: true,
    },
    // What the start-up machinery buys: the plugin's command without it (tools/bundle.mjs, src/launch/).
    {
      id: 'plugin-unbundled',
      what: "the plugin's command from tsc's output (`node lib/main.js`): no bundle, no code cache",
      command: plugin(join(root, 'lib', 'main.js')), runs: 10, warmups: 1, paired: true, info: true,
    },
    {
      id: 'plugin-no-cache',
      what: "the plugin's command from the bundle without its V8 code cache (a copy of lib/ without cli.cjs.cache)",
      command: plugin(join(work, 'no-cache', 'k3s-cilium-cdk8s.cjs')), runs: 10, warmups: 1, paired: true, info: true,
    },
  ];
  const before = process.env.BENCH_BEFORE;
  if (before) {
    const old = resolve(before, 'k3s-cilium-cdk8s.cjs');
    // Each right after its own scenario, so that both see the same load.
    for (const s of scenarios.filter((x) => ['plugin', 'fleet', 'large'].includes(x.id))) {
      const argv = s.command.argv.map((a) => (a === launcher ? old : a));
      scenarios.splice(scenarios.indexOf(s) + 1, 0, { ...s, id: `${s.id}@before`, what: `${s.what}, with the launcher of ${before}`, command: { ...s.command, argv } });
    }
  }
  const selected = selection(scenarios);

  log(`building (npm run build) and writing fixtures to ${work}`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFixtures(work, selected.map((s) => s.id));
  const results = new Map<string, { result: Result; node?: Result }>();
  if (selected.some((s) => s.id === 'plugin-no-cache')) {
    if (existsSync(join(root, 'lib', 'cli.cjs.cache'))) {
      mkdirSync(join(work, 'no-cache'));
      for (const f of ['k3s-cilium-cdk8s.cjs', 'cli.cjs', 'validate.cjs']) cpSync(join(root, 'lib', f), join(work, 'no-cache', f));
    } else results.set('plugin-no-cache', { result: { error: 'lib/ has no code cache to do without' } });
  }

  const load = loadavg()[0];
  const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
  log(`NODE_EXTRA_CA_CERTS ${extraCerts ? `is set (${extraCerts}): every Node process, node -e 0's included, loads it` : 'is not set'}`);
  const bare: Command = { argv: ['node', '-e', '0'], cwd: root };
  for (const s of selected) {
    if (results.has(s.id)) continue;
    const runs = s.runs * factor;
    if (s.paired) {
      log(`${s.id}: ${runs} pairs with node -e 0 after ${s.warmups} warm-up pair(s)`);
      const [result, nodeResult] = measureAlternating(s.command, bare, runs, s.warmups);
      results.set(s.id, { result, node: nodeResult });
    } else {
      log(`${s.id}: ${runs} runs after ${s.warmups} warm-up(s)`);
      results.set(s.id, { result: measure(s.command, runs, s.warmups) });
    }
    const r = results.get(s.id)!.result;
    if (r.error !== undefined) log(`${s.id} failed: ${r.error}`);
  }
  // The fleet is not paired (a run takes many seconds): node -e 0 once more, for its ratio.
  let fleetNode: Result | undefined;
  if (selected.some((s) => !s.paired)) fleetNode = measure(bare, 15, 3);
  rmSync(work, { recursive: true, force: true });

  const lines = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${load.toFixed(2)} at start).`,
    `NODE_EXTRA_CA_CERTS: ${extraCerts ? `set (${extraCerts}); every scenario, \`node -e 0\` included, ran with it` : 'not set'}.`,
    '',
    '| scenario | what runs | runs | median s | min s | max s | CPU s (median) | peak RSS MiB | node -e 0 median s | ratio to node -e 0 |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...selected.map((s) => {
      const { result: r, node: n } = results.get(s.id)!;
      const baseline = s.paired ? n : fleetNode;
      if (r.error !== undefined) return `| ${s.id} | ${s.what} | | **failed**: ${cell(r.error)} | | | | | | |`;
      const x = r.stats;
      const b = baseline?.stats;
      return `| ${s.id} | ${s.what} | ${x.runs} | ${f3(x.median)} | ${f3(x.min)} | ${f3(x.max)} | ${f3(x.cpuMedian)} | ${x.peakRssMiB.toFixed(0)} | `
        + `${b ? f3(b.median) : ''} | ${b ? `${f2(x.median / b.median)}×` : ''} |`;
    }),
  ];
  const target = targets(results, fleetNode);
  lines.push(
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...target.map(([t, m, met]) => `| ${t} | ${m} | ${met === 'info' ? 'information' : met ? 'yes' : '**no**'} |`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  const failed = selected.filter((s) => results.get(s.id)?.result.error !== undefined).map((s) => s.id);
  const missed = target.filter(([, , met]) => met === false).map(([t]) => t);
  if (failed.length) log(`failed: ${failed.join(', ')}`);
  if (missed.length) log(`missed: ${missed.join('; ')}`);
  process.exitCode = failed.length || missed.length ? 1 : 0;
}

/** The fixtures the selected scenarios read, generated from their seeds: the same files every run. */
function writeFixtures(work: string, ids: readonly string[]): void {
  const yaml = (data: unknown) => stringify(data, { aliasDuplicateObjects: false });
  if (ids.some((id) => id.startsWith('large'))) {
    mkdirSync(join(work, 'large'));
    const text = yaml(largeCluster());
    writeFileSync(join(work, 'large', 'cluster.yaml'), text);
    log(`large fixture: ${(Buffer.byteLength(text) / 2 ** 10).toFixed(0)} KiB of YAML`);
  }
  if (ids.some((id) => id.startsWith('fleet'))) {
    const clusters = fleetClusters(FLEET_SIZE);
    mkdirSync(join(work, 'fleet', 'clusters'), { recursive: true });
    for (const c of clusters) writeFileSync(join(work, 'fleet', 'clusters', `${c.name}.yaml`), yaml(c));
    writeFileSync(join(work, 'fleet', 'fleet.yaml'), yaml(fleetFile(clusters)));
    log(`fleet fixture: ${clusters.length} cluster files`);
  }
}

/** The scenarios BENCH_ONLY names (all without it). */
function selection(scenarios: Scenario[]): Scenario[] {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!only?.length) return scenarios;
  const unknown = only.filter((id) => !scenarios.some((s) => s.id === id));
  if (unknown.length) {
    log(`BENCH_ONLY names unknown scenarios: ${unknown.join(', ')}; known: ${scenarios.map((s) => s.id).join(', ')}`);
    process.exit(2);
  }
  return scenarios.filter((s) => only.includes(s.id));
}

type Target = [target: string, measured: string, met: boolean | 'info'];

/** The targets whose scenarios ran; a failed scenario misses its targets. */
function targets(results: Map<string, { result: Result; node?: Result }>, fleetNode: Result | undefined): Target[] {
  const list: Target[] = [];
  /** A target over one scenario and its node -e 0: not listed when it did not run, missed when it failed. */
  const add = (name: string, id: string, judge: (s: Stats, node: Stats | undefined) => [string, boolean | 'info']) => {
    const r = results.get(id);
    if (!r) return;
    const node = r.node ?? fleetNode;
    if (r.result.error !== undefined || node?.error !== undefined) list.push([name, `${id} failed`, false]);
    else list.push([name, ...judge(r.result.stats, node?.stats)]);
  };
  const ratio = (max: number) => (s: Stats, n: Stats | undefined): [string, boolean] => [
    `${f2(s.median / n!.median)}× (${f3(s.median)} s / ${f3(n!.median)} s)`, s.median / n!.median <= max,
  ];
  add(`plugin / node -e 0 ≤ ${PLUGIN_RATIO}×, medians of alternating runs`, 'plugin', ratio(PLUGIN_RATIO));
  add(`fleet: ≤ ${FLEET_MS_PER_CLUSTER} ms per cluster (median wall time / ${FLEET_SIZE})`, 'fleet', (s) => [
    `${f2((s.median * 1000) / FLEET_SIZE)} ms (${f3(s.median)} s)`, (s.median * 1000) / FLEET_SIZE <= FLEET_MS_PER_CLUSTER,
  ]);
  add(`fleet: peak RSS ≤ ${FLEET_PEAK_MIB} MiB`, 'fleet', (s) => [`${s.peakRssMiB.toFixed(0)} MiB`, s.peakRssMiB <= FLEET_PEAK_MIB]);
  add('fleet / node -e 0', 'fleet', (s, n) => [ratio(Infinity)(s, n)[0], 'info']);
  add(`large / node -e 0 ≤ ${LARGE_RATIO}×, medians of alternating runs`, 'large', ratio(LARGE_RATIO));
  try {
    const limit = sidecarMemoryLimit(root);
    add(`large: peak RSS < the sidecar's memory limit (${SIDECAR_PATCH}: ${limit.text})`, 'large', (s) => [
      `${s.peakRssMiB.toFixed(0)} MiB`, s.peakRssMiB < limit.bytes / 2 ** 20,
    ]);
  } catch (e) {
    list.push([`large: peak RSS < the sidecar's memory limit (${SIDECAR_PATCH})`, (e as Error).message, false]);
  }
  for (const id of ['plugin-unbundled', 'plugin-no-cache']) {
    add(`${id} / node -e 0 (what the machinery it lacks buys)`, id, (s, n) => [ratio(Infinity)(s, n)[0], 'info']);
  }
  return list;
}

function f2(n: number): string {
  return n.toFixed(2);
}
function f3(n: number): string {
  return n.toFixed(3);
}
/** Text safe in a Markdown table cell. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').slice(0, 300);
}

if (process.argv.includes('--breakdown')) {
  await import('./breakdown.js');
} else {
  await bench();
}
