/**
 * `npm run bench`: builds the project, generates the scale fixtures, and times every scenario of
 * tools/bench/README.md as whole processes (warm-up, then several runs; median, min, max, peak RSS),
 * with the stock-cdk8s baseline in the same run. Prints a Markdown table and the targets; exits 1
 * when a target is missed. BENCH_RUNS=<n> scales the number of timed runs (default 1 = as below).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { generateCluster } from './generate-cluster.js';
import { Command, measure, Stats } from './measure.js';
import { writeStockBaseline } from './stock-baseline.js';

const root = resolve(import.meta.dirname, '..', '..');
const factor = Number(process.env.BENCH_RUNS ?? 1);
const work = mkdtempSync(join(tmpdir(), 'k3s-cilium-bench-'));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

log(`building (npm run build) and writing fixtures to ${work}`);
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
for (const scale of [1, 10]) {
  mkdirSync(join(work, `scale-${scale}x`));
  writeFileSync(join(work, `scale-${scale}x`, 'cluster.yaml'), stringify(generateCluster(scale), { aliasDuplicateObjects: false }));
}
const stock = join(work, 'stock');
writeStockBaseline(root, stock);

const out = (name: string) => join(work, 'out', name);
const bundle = join(root, 'lib', 'synth.bundle.mjs');
const scenarios: { id: string; what: string; command: Command; runs: number }[] = [
  {
    id: 'plugin',
    what: "`node lib/synth.bundle.mjs synth --stdout --cluster homelab` (the Argo CD plugin's command)",
    command: { argv: ['node', bundle, 'synth', '--stdout', '--cluster', 'homelab'], cwd: root },
    runs: 10,
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
    id: 'scale-1x',
    what: 'generated cluster, scale 1: validate and write every file (bundle)',
    command: { argv: ['node', bundle, 'synth', '--config', 'scale-1x', '--out', out('1x')], cwd: work },
    runs: 5,
  },
  {
    id: 'scale-10x',
    what: 'generated cluster, scale 10: validate and write every file (bundle)',
    command: { argv: ['node', bundle, 'synth', '--config', 'scale-10x', '--out', out('10x')], cwd: work },
    runs: 3,
  },
];

/** The stock baseline must render the objects the plugin prints, or the comparison means nothing. */
function checkSameObjects(): void {
  const ours = spawnSync('node', [bundle, 'synth', '--stdout', '--cluster', 'homelab'], { cwd: root, encoding: 'utf8' }).stdout;
  execFileSync('npx', ['cdk8s', 'synth'], { cwd: stock, stdio: 'ignore' });
  const manifests = join(stock, 'dist', 'homelab', 'manifests');
  const files = parse(readFileSync(join(manifests, 'kustomization.yaml'), 'utf8')).resources as string[];
  const theirs = files.flatMap((f) => parseAllDocuments(readFileSync(join(manifests, f), 'utf8')).map((d) => d.toJS()));
  const mine = parseAllDocuments(ours).map((d) => d.toJS());
  if (!isDeepStrictEqual(mine, theirs)) throw new Error('the stock baseline renders other objects than the plugin');
  log(`stock baseline renders the same ${mine.length} objects as the plugin`);
}

checkSameObjects();
const load = loadavg()[0];
const results = new Map<string, Stats>();
for (const s of scenarios) {
  log(`${s.id}: ${s.runs * factor} runs after a warm-up`);
  rmSync(join(work, 'out'), { recursive: true, force: true });
  results.set(s.id, measure(s.command, s.runs * factor));
}
rmSync(work, { recursive: true, force: true });

const r = (id: string) => results.get(id)!;
const f2 = (n: number) => n.toFixed(2);
const f3 = (n: number) => n.toFixed(3);
const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (${load.toFixed(2)} at start).`,
  '',
  '| scenario | what runs | runs | median s | min s | max s | peak RSS MiB |',
  '|---|---|---:|---:|---:|---:|---:|',
  ...scenarios.map((s) => {
    const x = r(s.id);
    return `| ${s.id} | ${s.what} | ${x.runs} | ${f3(x.median)} | ${f3(x.min)} | ${f3(x.max)} | ${x.peakRssMiB.toFixed(0)} |`;
  }),
];
const targets: [string, string, boolean][] = [
  ['plugin ≤ 0.25 s', `${f3(r('plugin').median)} s`, r('plugin').median <= 0.25],
  ['stock / plugin ≥ 8×', `${f2(r('stock').median / r('plugin').median)}×`, r('stock').median / r('plugin').median >= 8],
  ['npm run synth ≤ 0.6 s', `${f3(r('npm-synth').median)} s`, r('npm-synth').median <= 0.6],
  [
    'cdk8s synth ≤ CLI start-up + app',
    `${f3(r('cdk8s-synth').median)} s vs ${f3(r('cdk8s-cli').median)} + ${f3(r('app').median)} = ${f3(r('cdk8s-cli').median + r('app').median)} s`,
    r('cdk8s-synth').median <= r('cdk8s-cli').median + r('app').median,
  ],
  ['scale-1x ≤ 2 s', `${f3(r('scale-1x').median)} s`, r('scale-1x').median <= 2],
  ['scale-1x ≤ 300 MiB', `${r('scale-1x').peakRssMiB.toFixed(0)} MiB`, r('scale-1x').peakRssMiB <= 300],
  ['scale-10x / scale-1x ≤ 12×', `${f2(r('scale-10x').median / r('scale-1x').median)}×`, r('scale-10x').median / r('scale-1x').median <= 12],
];
lines.push('', '| target | measured | met |', '|---|---|---|', ...targets.map(([t, m, ok]) => `| ${t} | ${m} | ${ok ? 'yes' : '**no**'} |`));
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = targets.every(([, , ok]) => ok) ? 0 : 1;
