/**
 * `npm run bench`: builds the project, generates the scale fixtures, and times every scenario of
 * tools/bench/README.md as whole processes (median, min, max, CPU time, peak RSS), with the
 * stock-cdk8s baseline in the same run. Prints a Markdown table and the targets. A scenario that
 * fails is reported with the first line of its stderr and the bench goes on; the exit status is 1
 * when a scenario failed or a target was missed.
 * - BENCH_RUNS=<n> multiplies the number of timed runs (and of plugin/node -e 0 pairs).
 * - BENCH_ONLY=<id>,<id> runs only those scenarios (`plugin` and `node-e-0` always run together).
 * - `npm run bench -- --breakdown` runs tools/bench/breakdown.ts instead (also `npm run bench:breakdown`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { generateCluster } from './generate-cluster.js';
import { Command, measure, measureAlternating, Result, Stats } from './measure.js';
import { SIDECAR_PATCH, sidecarMemoryLimit } from './quantity.js';
import { writeStockBaseline } from './stock-baseline.js';

const root = resolve(import.meta.dirname, '..', '..');
const factor = Number(process.env.BENCH_RUNS ?? 1);
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** The pair measured alternately for the plugin/start-up ratio. */
const PAIR = ['plugin', 'node-e-0'];
const PAIRS = 15;
const PAIR_WARMUPS = 3;
/** Targets (tools/bench/README.md). */
const MAX_STARTUP_RATIO = 2.0;
const AIM_STARTUP_RATIO = 1.5;
const MIN_STOCK_RATIO = 8;
const MAX_SCALE_RSS_MIB = 400;
const MAX_SCALE_30X_RATIO = 3.3;

interface Scenario {
  id: string;
  what: string;
  command: Command;
  runs: number;
  warmups?: number;
  /** The generated cluster (tools/bench/generate-cluster.ts) the command reads, as its scale. */
  scale?: number;
}

async function bench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'k3s-cilium-bench-'));
  const bin = (name: string) => join(root, 'node_modules', '.bin', name);
  const out = (name: string) => join(work, 'out', name);
  const launcher = join(root, 'lib', 'k3s-cilium-cdk8s.cjs');
  const stock = join(work, 'stock');
  const scaled = (scale: number, how: string[], runs: number, what: string): Scenario => ({
    id: '', what, scale, runs, warmups: 0,
    command: { argv: ['node', launcher, 'synth', '--config', `scale-${scale}x`, ...how], cwd: work },
  });

  const scenarios: Scenario[] = [
    {
      id: 'plugin',
      what: "`node lib/k3s-cilium-cdk8s.cjs synth --stdout --cluster homelab` (the Argo CD plugin's command), alternating with node-e-0",
      command: { argv: ['node', launcher, 'synth', '--stdout', '--cluster', 'homelab'], cwd: root },
      runs: PAIRS,
      warmups: PAIR_WARMUPS,
    },
    {
      id: 'node-e-0',
      what: '`node -e 0`: Node starting and exiting, alternating with plugin',
      command: { argv: ['node', '-e', '0'], cwd: root },
      runs: PAIRS,
      warmups: PAIR_WARMUPS,
    },
    {
      id: 'tsc-entry',
      what: '`node lib/main.js synth --stdout --cluster homelab` (tsc output, unbundled)',
      command: { argv: ['node', join(root, 'lib', 'main.js'), 'synth', '--stdout', '--cluster', 'homelab'], cwd: root },
      runs: 10,
    },
    {
      id: 'stock',
      what: 'stock cdk8s: `npx cdk8s synth` running `npx ts-node main.ts` (same app, same cluster)',
      command: { argv: ['npx', 'cdk8s', 'synth'], cwd: stock },
      runs: 5,
    },
    {
      id: 'npm-synth',
      what: '`npm run synth -- --out <tmp>` (every cluster + Argo CD Applications, written)',
      command: { argv: ['npm', 'run', 'synth', '--silent', '--', '--out', out('npm')], cwd: root },
      runs: 10,
    },
    {
      id: 'app',
      what: "`node tools/cli.mjs synth` with CDK8S_OUTDIR=<tmp> (what cdk8s.yaml's app runs)",
      command: { argv: ['node', join(root, 'tools', 'cli.mjs'), 'synth'], cwd: root, env: { CDK8S_OUTDIR: out('app') } },
      runs: 10,
    },
    // The CLI's own cost: the same synth command with an app that only creates the output directory.
    // The upgrade check is a registry request whose latency varies run to run; the pair that is compared leaves it out on both sides.
    {
      id: 'cdk8s-cli',
      what: "`cdk8s synth --no-check-upgrade -o <tmp> --app 'mkdir -p \"$CDK8S_OUTDIR\"'` (the CLI's own start-up and synth steps, no app)",
      command: { argv: [bin('cdk8s'), 'synth', '--no-check-upgrade', '-o', out('noop'), '--app', 'mkdir -p "$CDK8S_OUTDIR"'], cwd: root },
      runs: 5,
    },
    {
      id: 'cdk8s-synth',
      what: '`cdk8s synth --no-check-upgrade -o <tmp>` through cdk8s.yaml',
      command: { argv: [bin('cdk8s'), 'synth', '--no-check-upgrade', '-o', out('cdk8s')], cwd: root },
      runs: 5,
    },
    {
      id: 'cdk8s-synth-default',
      what: '`cdk8s synth -o <tmp>` through cdk8s.yaml, default flags (upgrade check included; for information)',
      command: { argv: [bin('cdk8s'), 'synth', '-o', out('cdk8s-default')], cwd: root },
      runs: 5,
    },
    {
      ...scaled(1, ['--out', out('1x')], 3, 'generated cluster, scale 1: validate and write every file (for information)'),
      id: 'scale-1x', warmups: 1,
    },
    { ...scaled(10, ['--out', out('10x')], 3, 'generated cluster, scale 10: validate and write every file (`--out <tmp>`)'), id: 'scale-10x' },
    { ...scaled(10, ['--stdout'], 3, "scale 10 on the plugin's path (`--stdout`): peak RSS against the sidecar's limit"), id: 'scale-10x-stdout' },
    { ...scaled(30, ['--stdout'], 2, 'scale 30, `--stdout` (the command shape of scale-10x-stdout)'), id: 'scale-30x' },
  ];
  const selected = selection(scenarios);

  log(`building (npm run build) and writing fixtures to ${work}`);
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const results = new Map<string, Result>();
  for (const scale of new Set(selected.flatMap((s) => (s.scale === undefined ? [] : [s.scale])))) {
    mkdirSync(join(work, `scale-${scale}x`));
    const text = stringify(generateCluster(scale), { aliasDuplicateObjects: false });
    writeFileSync(join(work, `scale-${scale}x`, 'cluster.yaml'), text);
    log(`scale-${scale}x fixture: ${(Buffer.byteLength(text) / 2 ** 20).toFixed(1)} MiB of YAML`);
  }
  if (selected.some((s) => s.id === 'tsc-entry') && !existsSync(join(root, 'lib', 'main.js'))) results.set('tsc-entry', { error: 'lib/main.js was not built' });
  if (selected.some((s) => s.id === 'stock')) {
    writeStockBaseline(root, stock);
    const problem = checkSameObjects(launcher, stock);
    if (problem) results.set('stock', { error: problem });
  }

  const load = loadavg()[0];
  const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
  log(`NODE_EXTRA_CA_CERTS ${extraCerts ? `is set (${extraCerts}): every Node process of every scenario loads it` : 'is not set'}`);
  for (const s of selected) {
    if (results.has(s.id)) continue;
    rmSync(join(work, 'out'), { recursive: true, force: true });
    if (PAIR.includes(s.id)) {
      const [a, b] = PAIR.map((id) => selected.find((x) => x.id === id)!);
      log(`${a.id} and ${b.id}: ${a.runs * factor} alternating pairs after ${a.warmups} warm-up pairs`);
      const [ra, rb] = measureAlternating(a.command, b.command, a.runs * factor, a.warmups);
      results.set(a.id, ra).set(b.id, rb);
    } else {
      const warmups = s.warmups ?? 1;
      log(`${s.id}: ${s.runs * factor} runs${warmups ? ` after ${warmups} warm-up${warmups > 1 ? 's' : ''}` : ', no warm-up'}`);
      results.set(s.id, measure(s.command, s.runs * factor, warmups));
    }
    const r = results.get(s.id)!;
    if (r.error !== undefined) log(`${s.id} failed: ${r.error}`);
  }
  rmSync(work, { recursive: true, force: true });

  const lines = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${load.toFixed(2)} at start).`,
    `NODE_EXTRA_CA_CERTS: ${extraCerts ? `set (${extraCerts}); every scenario, \`node -e 0\` included, ran with it` : 'not set'}.`,
    '',
    '| scenario | what runs | runs | median s | min s | max s | CPU s (median) | peak RSS MiB | code cache |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ...selected.map((s) => {
      const r = results.get(s.id)!;
      if (r.error !== undefined) return `| ${s.id} | ${s.what} | | **failed**: ${cell(r.error)} | | | | | |`;
      const x = r.stats;
      return `| ${s.id} | ${s.what} | ${x.runs} | ${f3(x.median)} | ${f3(x.min)} | ${f3(x.max)} | ${f3(x.cpuMedian)} | ${x.peakRssMiB.toFixed(0)} | ${x.codeCache ?? ''} |`;
    }),
  ];
  const target = targets(results);
  lines.push(
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...target.map(([t, m, met]) => `| ${t} | ${m} | ${met === 'info' ? 'information' : met ? 'yes' : '**no**'} |`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  const failed = selected.filter((s) => results.get(s.id)?.error !== undefined).map((s) => s.id);
  const missed = target.filter(([, , met]) => met === false).map(([t]) => t);
  if (failed.length) log(`failed: ${failed.join(', ')}`);
  if (missed.length) log(`missed: ${missed.join('; ')}`);
  process.exitCode = failed.length || missed.length ? 1 : 0;
}

/** The scenarios BENCH_ONLY names (all without it); the plugin and node -e 0 only as a pair. */
function selection(scenarios: Scenario[]): Scenario[] {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!only?.length) return scenarios;
  const unknown = only.filter((id) => !scenarios.some((s) => s.id === id));
  if (unknown.length) {
    log(`BENCH_ONLY names unknown scenarios: ${unknown.join(', ')}; known: ${scenarios.map((s) => s.id).join(', ')}`);
    process.exit(2);
  }
  const ids = new Set(only.some((id) => PAIR.includes(id)) ? [...only, ...PAIR] : only);
  return scenarios.filter((s) => ids.has(s.id));
}

/** The stock baseline must render the objects the plugin prints, or the comparison means nothing: the problem, if not. */
function checkSameObjects(launcher: string, stock: string): string | undefined {
  const ours = spawnSync('node', [launcher, 'synth', '--stdout', '--cluster', 'homelab'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (ours.status !== 0) return `the plugin's render failed: ${ours.stderr.trim().split('\n')[0]}`;
  const theirs = spawnSync('npx', ['cdk8s', 'synth'], { cwd: stock, encoding: 'utf8' });
  if (theirs.status !== 0) return `npx cdk8s synth failed: ${theirs.stderr.trim().split('\n')[0]}`;
  const manifests = join(stock, 'dist', 'homelab', 'manifests');
  const files = parse(readFileSync(join(manifests, 'kustomization.yaml'), 'utf8')).resources as string[];
  const stockObjects = files.flatMap((f) => parseAllDocuments(readFileSync(join(manifests, f), 'utf8')).map((d) => d.toJS()));
  const mine = parseAllDocuments(ours.stdout).map((d) => d.toJS());
  if (!isDeepStrictEqual(mine, stockObjects)) return 'the stock baseline renders other objects than the plugin';
  log(`stock baseline renders the same ${mine.length} objects as the plugin`);
  return undefined;
}

type Target = [target: string, measured: string, met: boolean | 'info'];

/** The targets whose scenarios ran; a failed scenario misses its targets. */
function targets(results: Map<string, Result>): Target[] {
  const list: Target[] = [];
  /** A target over the given scenarios: not listed when one did not run, missed when one failed. */
  const add = (name: string, ids: string[], judge: (...stats: Stats[]) => [string, boolean | 'info']) => {
    const rs = ids.map((id) => results.get(id));
    if (rs.some((r) => r === undefined)) return;
    const failed = ids.filter((_, i) => rs[i]!.error !== undefined);
    if (failed.length) list.push([name, `${failed.join(', ')} failed`, false]);
    else list.push([name, ...judge(...rs.map((r) => r!.stats!))]);
  };
  add(`plugin / node -e 0 ≤ ${MAX_STARTUP_RATIO.toFixed(1)}× (aim ${AIM_STARTUP_RATIO}×), medians of alternating runs`, PAIR, (p, n) => {
    const ratio = p.median / n.median;
    return [`${f2(ratio)}× (${f3(p.median)} s / ${f3(n.median)} s); aim ${ratio <= AIM_STARTUP_RATIO ? 'met' : 'not met'}`, ratio <= MAX_STARTUP_RATIO];
  });
  add('plugin / node -e 0, CPU time (user + system)', PAIR, (p, n) => [`${f2(p.cpuMedian / n.cpuMedian)}× (${f3(p.cpuMedian)} s / ${f3(n.cpuMedian)} s)`, 'info']);
  add(`stock / plugin ≥ ${MIN_STOCK_RATIO}×`, ['stock', 'plugin'], (s, p) => [`${f2(s.median / p.median)}×`, s.median / p.median >= MIN_STOCK_RATIO]);
  add('npm run synth ≤ 0.6 s', ['npm-synth'], (n) => [`${f3(n.median)} s`, n.median <= 0.6]);
  add('cdk8s synth ≤ CLI start-up + app', ['cdk8s-synth', 'cdk8s-cli', 'app'], (s, c, a) => [
    `${f3(s.median)} s vs ${f3(c.median)} + ${f3(a.median)} = ${f3(c.median + a.median)} s`,
    s.median <= c.median + a.median,
  ]);
  add(`scale-10x-stdout peak RSS < ${MAX_SCALE_RSS_MIB} MiB`, ['scale-10x-stdout'], (s) => [`${s.peakRssMiB.toFixed(0)} MiB`, s.peakRssMiB < MAX_SCALE_RSS_MIB]);
  let limit: { text: string; bytes: number } | undefined;
  try {
    limit = sidecarMemoryLimit(root);
  } catch (e) {
    list.push([`scale-10x-stdout peak RSS < the sidecar's memory limit (${SIDECAR_PATCH})`, (e as Error).message, false]);
  }
  if (limit) {
    const mib = limit.bytes / 2 ** 20;
    add(`scale-10x-stdout peak RSS < the sidecar's memory limit (${SIDECAR_PATCH}: ${limit.text} = ${mib.toFixed(0)} MiB)`, ['scale-10x-stdout'], (s) => [
      `${s.peakRssMiB.toFixed(0)} MiB`,
      s.peakRssMiB < mib,
    ]);
  }
  add(`scale-30x / scale-10x-stdout ≤ ${MAX_SCALE_30X_RATIO}×, medians`, ['scale-30x', 'scale-10x-stdout'], (t, s) => [
    `${f2(t.median / s.median)}× (${f3(t.median)} s / ${f3(s.median)} s)`,
    t.median / s.median <= MAX_SCALE_30X_RATIO,
  ]);
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
