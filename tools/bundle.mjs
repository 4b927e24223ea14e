/**
 * The CLI as self-contained files (esbuild), so Node loads a few files instead of resolving and
 * compiling hundreds of modules, which is most of a small render's time. `bundleCli(dir)` writes:
 * - cli.cjs: src/cli/main.ts with every dependency inlined. CommonJS, because a classic script can
 *   be compiled with V8's code cache (vm.Script cachedData), which ES modules cannot on Node 20.
 * - validate.cjs: the validate command (the conformance checker and its schemas), which cli.cjs
 *   requires only when `validate` runs: it would otherwise double what every synth compiles.
 * - k3s-cilium-cdk8s.cjs: the launcher (src/launch/launcher.cts) the package's bin and the Argo
 *   CD plugin run; it loads cli.cjs with the code cache.
 * - cli.cjs.cache (with `cache`): the code cache, made in a fresh Node process by the plugin's
 *   render (`synth --stdout`) of each of examples/. It belongs to the Node version that made it (V8 rejects it elsewhere and the
 *   launcher then compiles as usual), so the Argo CD image makes its own and the npm package ships none.
 * `npm run build` writes them to lib/; tools/cli.mjs keeps a copy in node_modules/.cache/.
 * Plain JavaScript, so it runs without tsx.
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The file to run: `node lib/k3s-cilium-cdk8s.cjs synth …`. */
export const LAUNCHER = 'k3s-cilium-cdk8s.cjs';

/** What bundleCli writes, in the order a reader loads them (the launcher last: it loads the others). */
export const BUNDLE_FILES = ['validate.cjs', 'cli.cjs', 'cli.cjs.cache', LAUNCHER];

/** The package directories (`node_modules/…/<name>`) of the bundle's inputs, sorted. */
function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//);
    if (m) dirs.add(m[1]);
  }
  return [...dirs].sort();
}

/**
 * The licenses of the packages inlined in the bundle (their copyright notices must travel with
 * it): one section per package with its name, version, license and LICENSE file.
 */
function thirdPartyNotices(metafile) {
  const sections = bundledPackages(metafile).map((dir) => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, dir, 'package.json'), 'utf8'));
    const file = readdirSync(join(PROJECT_ROOT, dir)).sort().find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = file ? readFileSync(join(PROJECT_ROOT, dir, file), 'utf8').trim() : `(no license file; package.json says: ${pkg.license ?? 'nothing'})`;
    return `${pkg.name} ${pkg.version} (${pkg.license ?? 'unknown license'})\n\n${text}\n`;
  });
  const unique = [...new Set(sections)];
  return 'Third-party software inlined in cli.cjs and validate.cjs, with its licenses.\n\n' + unique.join(`\n${'-'.repeat(80)}\n\n`);
}

/** src/cli/main.ts's dynamic import of the validate command becomes a require of validate.cjs beside cli.cjs. */
const validateAsSibling = {
  name: 'validate-as-sibling',
  setup(b) {
    b.onResolve({ filter: /\/cmds\/validate\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './validate.cjs', external: true } : undefined));
  },
};

/** cdk8s carries its own copy of yaml: every import of it resolves to the project's one, so the bundle holds one. */
const oneYaml = {
  name: 'one-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) => (args.pluginData === 'one-yaml'
      ? undefined
      : b.resolve('yaml', { resolveDir: PROJECT_ROOT, kind: args.kind, pluginData: 'one-yaml' })));
  },
};

/** A fresh Node (no loader flags: they would make V8 reject the cache) renders examples/ through the launcher as the plugin does, then saves the cache. */
function writeCodeCache(dir) {
  // A template user may delete examples/: clusters/ then warms the cache up instead.
  const examples = join(PROJECT_ROOT, existsSync(join(PROJECT_ROOT, 'examples')) ? 'examples' : 'clusters');
  const files = readdirSync(examples).filter((f) => f.endsWith('.yaml')).sort();
  // The Argo CD plugin's command only: functions a render to disk or PLAN.md needs would make the
  // cache larger, and deserializing it costs every start (1.06 MB → 0.97 MB, 2.5 % fewer instructions per render).
  const warmUps = files.map((f) => ['synth', '--stdout', '--config', join(examples, f)]);
  const script = `require(${JSON.stringify(join(dir, LAUNCHER))}).writeCodeCache(${JSON.stringify(warmUps)})
  .catch((e) => { console.error(e); process.exitCode = 1; });`;
  const r = spawnSync(process.execPath, ['-e', script], {
    cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.status !== 0) throw new Error(`writing the code cache failed:\n${r.stderr}`);
}

/**
 * Writes BUNDLE_FILES to `dir`; with `notices`, the licenses of what they inline to that file;
 * without `cache: false`, the code cache too. `esbuildOptions` are added to the options of the
 * validate.cjs and cli.cjs builds (tools/bench/breakdown.ts asks for a metafile and a source map in
 * a temporary directory). Returns esbuild's metafile of cli.cjs when there is one.
 */
export async function bundleCli(dir, { notices, cache = true, esbuildOptions = {} } = {}) {
  const { version } = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8'));
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    define: { __K3S_CILIUM_CDK8S_VERSION__: JSON.stringify(version), 'import.meta.url': '__k3sCiliumFileUrl' },
    banner: { js: "var __k3sCiliumFileUrl = require('node:url').pathToFileURL(__filename).href;" },
    // Whitespace and syntax only: identifiers stay, so stack traces of a bug still name functions.
    minifyWhitespace: true,
    minifySyntax: true,
    // V8 keeps an all-ASCII source as one byte per character and scans it faster.
    charset: 'ascii',
    // A dynamic import() would make the script need an ES module loader; a require of the sibling does the same.
    supported: { 'dynamic-import': false },
    // The licenses go to a notices file instead (thirdPartyNotices): comments would not cover the packages without any.
    legalComments: 'none',
    metafile: notices !== undefined,
    logLevel: 'warning',
    plugins: [oneYaml],
    ...esbuildOptions,
  };
  const validate = await build({ ...common, entryPoints: [resolve(PROJECT_ROOT, 'src/cli/cmds/validate.ts')], outfile: join(dir, 'validate.cjs') });
  const cli = await build({
    ...common, entryPoints: [resolve(PROJECT_ROOT, 'src/cli/main.ts')], outfile: join(dir, 'cli.cjs'), plugins: [oneYaml, validateAsSibling],
  });
  // The launcher's BUILD_ID_PREFIX: it pairs the code cache with this exact bundle.
  const cliFile = join(dir, 'cli.cjs');
  appendFileSync(cliFile, `//# k3s-cilium-cdk8s-build=${createHash('sha256').update(readFileSync(cliFile)).digest('hex')}\n`);
  await build({
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
    entryPoints: [resolve(PROJECT_ROOT, 'src/launch/launcher.cts')], outfile: join(dir, LAUNCHER),
  });
  if (notices !== undefined) writeFileSync(notices, thirdPartyNotices({ inputs: { ...validate.metafile.inputs, ...cli.metafile.inputs } }));
  if (cache) writeCodeCache(dir);
  return { metafile: cli.metafile };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = resolve(PROJECT_ROOT, process.argv[2] ?? 'lib');
  await bundleCli(dir, { notices: join(dir, 'THIRD-PARTY-NOTICES.txt') });
}
