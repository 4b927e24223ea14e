/**
 * `npm run bench:breakdown` (or `npm run bench -- --breakdown`): where the plugin path's time goes
 * for the default cluster (`synth --stdout --cluster homelab`, cwd the project root). It builds the
 * bundle as `npm run build` does (tools/bundle.mjs, code cache included) into a temporary directory,
 * with esbuild's metafile and an external source map added there only, and prints
 * 1. the wall time of the render against `node -e 0`, alternating, so Node's own start-up is apart;
 * 2. the bytes of cli.cjs per package or source directory (what V8 has to load: with the code cache it
 *    deserializes the functions instead of compiling them, and compiles the rest lazily);
 * 3. CPU profiles (`node --cpu-prof`) of the render through the temporary launcher, every sample
 *    mapped through the source map: self time per package or source directory (calls into V8
 *    builtins counted to their JavaScript caller), and per phase of the render, a sample going to the
 *    innermost frame of the project's own code on its stack (so YAML parsing called from src/load
 *    counts as loading the cluster file, YAML stringifying called from src/text as output).
 * 4. the same samples' self time per source file of the project (where inside a phase the time goes).
 * The profiler costs time of its own: the profiles' shares are the figure, not their sum.
 * BENCH_RUNS multiplies the number of runs. With the argument `large` (`npm run bench:breakdown -- large`)
 * the render is the bench's large scenario instead: the 500-node cluster of fixtures.ts, generated
 * into the temporary directory, on the plugin's path (`synth --stdout --config <file>`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { largeCluster } from './fixtures.js';
import { measureAlternating, Result } from './measure.js';

// @ts-expect-error tools/bundle.mjs is plain JavaScript without declarations.
const { bundleCli, LAUNCHER } = await import('../bundle.mjs');

const root = resolve(import.meta.dirname, '..', '..');
const factor = Number(process.env.BENCH_RUNS ?? 1);
const PROFILES = 5 * factor;
const EXIT_HOOK = resolve(import.meta.dirname, 'exit-hook.cjs');
/** µs between samples; the default (1 ms) gives a small render only a hundred samples. */
const INTERVAL_US = 100;
const LARGE = process.argv.slice(2).includes('large');
const log = (text: string) => process.stderr.write(`breakdown: ${text}\n`);

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A source file (relative to the project root) as the group it is reported under: its package, or its directory in the project. */
function group(source: string): string {
  const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
  if (pkg) return pkg[1];
  const parts = source.split('/');
  if (parts[0] === 'src' && parts.length > 2) return `src/${parts[1]}`;
  return parts.length > 1 ? parts[0] : source;
}

/** The project's own code (not a dependency), whose directory names a phase of the render. */
const PHASES: [RegExp, string][] = [
  [/^src\/load\//, 'load + parse the cluster file (src/load; YAML parsing it calls)'],
  [/^src\/(model|checks)\//, 'resolve + validate (src/model, src/checks)'],
  [/^(constructs|imports)\/|^src\/gitops\/|^src\/cli\/render\.ts$/, 'construct tree + manifests (constructs/, src/gitops; cdk8s calls)'],
  [/^src\/text\//, 'YAML stringify (src/text; the yaml library it calls)'],
  [/^src\/(cli|write)\//, 'CLI: arguments, files, output I/O (src/cli, src/write)'],
  [/^src\//, 'other src/'],
];

function pct(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)} %`;
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Bytes of cli.cjs per group, largest first. */
function bytesPerGroup(metafile: Metafile, outfile: string): string {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(path) === outfile || path.endsWith('/cli.cjs'))![1];
  const sums = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const g = group(relative(root, resolve(input)));
    sums.set(g, (sums.get(g) ?? 0) + bytesInOutput);
  }
  const total = [...sums.values()].reduce((a, b) => a + b, 0);
  const rows = [...sums].sort((a, b) => b[1] - a[1]).map(([g, bytes]) => [g, (bytes / 1024).toFixed(1), pct(bytes, total)]);
  return table(['package or source directory', 'KiB in cli.cjs', 'share'], [...rows, ['**total**', (total / 1024).toFixed(1), '100 %']]);
}

interface Attributed {
  /** µs of self time per group. */
  self: Map<string, number>;
  /** µs per phase. */
  phases: Map<string, number>;
  /** µs of self time per source file of the project (the innermost project frame of each sample). */
  files: Map<string, number>;
  total: number;
  duration: number;
}

function attribute(profile: Profile, map: SourceMap, bundle: string, launcher: string, into: Attributed): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sourceCache = new Map<number, string | undefined>();
  /** The project-relative source of a frame in cli.cjs. */
  const sourceOf = (n: ProfileNode): string | undefined => {
    if (!sourceCache.has(n.id)) {
      const entry = map.findEntry(n.callFrame.lineNumber, n.callFrame.columnNumber) as { originalSource?: string };
      sourceCache.set(n.id, entry.originalSource ? relative(root, resolve(bundle, '..', entry.originalSource.replace(/^file:\/\//, ''))) : undefined);
    }
    return sourceCache.get(n.id);
  };
  /** The group a frame's self time goes to; undefined for a frame without a script (a builtin), which its caller takes. */
  const groupOf = (n: ProfileNode): string | undefined => {
    const { url, functionName } = n.callFrame;
    if (url === '') return /^\(.*\)$/.test(functionName) && functionName !== '(root)' ? functionName : undefined;
    if (url.endsWith(bundle)) return group(sourceOf(n) ?? 'cli.cjs (unmapped)');
    if (url.endsWith(launcher)) return 'launcher (lib/k3s-cilium-cdk8s.cjs)';
    if (url.startsWith('node:')) return 'Node internals (node:…)';
    return relative(root, url.replace(/^file:\/\//, ''));
  };
  const stack = function* (id: number): Generator<ProfileNode> {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) yield byId.get(at)!;
  };
  into.duration += profile.endTime - profile.startTime;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i + 1] ?? 0;
    into.total += us;
    let self: string | undefined;
    let phase: string | undefined;
    let file: string | undefined;
    let loading = false;
    let inBundle = false;
    for (const n of stack(id)) {
      self ??= groupOf(n);
      if (n.callFrame.url.endsWith(launcher) && n.callFrame.functionName === 'load') loading = true;
      if (n.callFrame.url.endsWith(bundle)) inBundle = true;
      if (phase === undefined && n.callFrame.url.endsWith(bundle)) {
        const source = sourceOf(n);
        if (source !== undefined && !source.includes('node_modules/')) file ??= source;
        phase = source === undefined ? undefined : PHASES.find(([re]) => re.test(source))?.[1];
      }
    }
    self ??= '(root)';
    if (loading) {
      phase = inBundle
        ? "loading cli.cjs: the bundle's module top-level (launcher load())"
        : 'loading cli.cjs: reading it and its code cache, new vm.Script (launcher load())';
    }
    phase ??= /^\(.*\)$/.test(self)
      ? { '(garbage collector)': 'garbage collection', '(program)': 'V8 outside JavaScript ((program): parsing, compiling, runtime)' }[self] ?? self
      : self.startsWith('Node internals') || self.startsWith('launcher')
        ? 'Node and the launcher outside the render (start-up, module loading, exit)'
        : `dependencies with no project frame on the stack (${self})`;
    into.self.set(self, (into.self.get(self) ?? 0) + us);
    into.phases.set(phase, (into.phases.get(phase) ?? 0) + us);
    if (file !== undefined) into.files.set(file, (into.files.get(file) ?? 0) + us);
  });
}

function wall(r: Result): string {
  return r.error !== undefined ? `failed: ${r.error}` : `${r.stats.median.toFixed(3)} s (CPU ${r.stats.cpuMedian.toFixed(3)} s, ${r.stats.runs} runs)`;
}

const work = mkdtempSync(join(tmpdir(), 'k3s-cilium-breakdown-'));
try {
  const dir = join(work, 'lib');
  mkdirSync(dir);
  const largeFile = join(work, 'large.yaml');
  if (LARGE) writeFileSync(largeFile, stringify(largeCluster(), { aliasDuplicateObjects: false }));
  const RENDER = LARGE ? ['synth', '--stdout', '--config', largeFile] : ['synth', '--stdout', '--cluster', 'homelab'];
  log(`bundling into ${dir} with a metafile and a source map (lib/ is left as it is)`);
  const { metafile } = (await bundleCli(dir, { esbuildOptions: { metafile: true, sourcemap: 'external', sourcesContent: false } })) as { metafile: Metafile };
  const bundle = join(dir, 'cli.cjs');
  const launcher = join(dir, LAUNCHER);
  const shipped = join(root, 'lib', 'cli.cjs');
  const same = existsSync(shipped) ? readFileSync(shipped).equals(readFileSync(bundle)) : undefined;

  log('timing the render against node -e 0, alternating');
  const [render, bare] = measureAlternating(
    { argv: ['node', launcher, ...RENDER], cwd: root },
    { argv: ['node', '-e', '0'], cwd: root },
    10 * factor,
    2,
  );

  log(`${PROFILES} CPU profiles, one sample every ${INTERVAL_US} µs`);
  const profiles = join(work, 'profiles');
  const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
  const into: Attributed = { self: new Map(), phases: new Map(), files: new Map(), total: 0, duration: 0 };
  const exits = join(work, 'exits');
  for (let i = 0; i < PROFILES; i++) {
    rmSync(profiles, { recursive: true, force: true });
    const r = spawnSync('node', ['--cpu-prof', `--cpu-prof-dir=${profiles}`, `--cpu-prof-interval=${INTERVAL_US}`, `--require=${EXIT_HOOK}`, launcher, ...RENDER], {
      cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', BENCH_EXIT_FILE: exits },
    });
    if (r.status !== 0) throw new Error(`the profiled render failed: ${r.stderr.trim().split('\n')[0]}`);
    const [file] = readdirSync(profiles);
    attribute(JSON.parse(readFileSync(join(profiles, file), 'utf8')), map, bundle, launcher, into);
  }
  const caches = [...new Set(readFileSync(exits, 'utf8').trim().split('\n').map((line) => JSON.parse(line).cache))];

  const ms = (us: number) => (us / 1000 / PROFILES).toFixed(1);
  const rows = (m: Map<string, number>, limit = Infinity) => {
    const sorted = [...m].sort((a, b) => b[1] - a[1]);
    const shown = sorted.slice(0, limit).map(([k, us]) => [k, ms(us), pct(us, into.total)]);
    const rest = sorted.slice(limit).reduce((s, [, us]) => s + us, 0);
    return rest ? [...shown, [`${sorted.length - limit} more`, ms(rest), pct(rest, into.total)]] : shown;
  };
  const out = [
    `Render: \`node lib/k3s-cilium-cdk8s.cjs ${RENDER.join(' ')}\` (the bundle rebuilt in a temporary directory${
      same === undefined ? '' : same ? ', byte-identical to lib/cli.cjs' : '; it differs from lib/cli.cjs: run `npm run build`'
    }), Node ${process.version}, NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'not set'} (both sides alike), code cache in the profiled runs: ${caches.join(', ')}.`,
    '',
    table(['process', 'median wall time'], [
      ['render (launcher, code cache)', wall(render)],
      ['`node -e 0`', wall(bare)],
      ...(render.stats && bare.stats ? [['difference: what the render adds to Node starting', `${(render.stats.median - bare.stats.median).toFixed(3)} s`]] : []),
    ]),
    '',
    '### cli.cjs by package (bytes V8 loads)',
    '',
    bytesPerGroup(metafile, bundle),
    '',
    `### CPU profile: phases (${PROFILES} profiles; ms per render; the profile spans ${ms(into.duration)} ms of each process)`,
    '',
    table(['phase', 'ms', 'share'], rows(into.phases)),
    '',
    '### CPU profile: self time by package or source directory',
    '',
    table(['package or source directory', 'ms', 'share'], rows(into.self, 25)),
    '',
    '### CPU profile: by source file of the project (each sample to its innermost project frame)',
    '',
    table(['source file', 'ms', 'share'], rows(into.files, 30)),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
