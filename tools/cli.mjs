/**
 * This repository's way to run the CLI (`npm run synth|plan|validate`, cdk8s.yaml's app): runs
 * the CLI from the bundles tools/bundle.mjs writes, kept in node_modules/.cache/ and rebuilt
 * whenever a source file is newer than them. A run without a valid code cache saves V8's cache of
 * what it compiled, so later runs start as the Argo CD plugin does. A render then costs a few
 * file loads instead of tsx compiling and Node resolving every module; editing any .ts file still
 * takes effect on the next run, as with tsx. Beside what the package's bin does, it names commands the way npm runs them here
 * (`npm run synth --`) and lets `validate` fall back to the reference data in ../shared.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const cache = join(root, 'node_modules', '.cache', 'k3s-cilium-cdk8s');
const bundle = join(cache, 'cli.cjs');
/** What the bundle is built from: the sources, the generated schema validator, and the locked dependencies. */
const SOURCES = ['constructs', 'imports', 'src', 'generated', 'package.json', 'package-lock.json', 'tools/bundle.mjs'];

/** Newest modification time under a file or directory, in ms. */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, entry) => Math.max(max, newest(join(path, entry))), stat.mtimeMs);
}

const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const rebuild = SOURCES.some((s) => newest(join(root, s)) >= built);
if (rebuild) {
  const { bundleCli, BUNDLE_FILES } = await import('./bundle.mjs');
  // Built beside and renamed over them in load order, so a concurrent run never loads half a file
  // (a cache left from the older bundle names another build: the launcher ignores it).
  const partial = join(cache, `.partial-${process.pid}`);
  mkdirSync(partial, { recursive: true });
  try {
    await bundleCli(partial, { cache: false });
    rmSync(join(cache, 'cli.cjs.cache'), { force: true });
    for (const file of BUNDLE_FILES) {
      if (statSync(join(partial, file), { throwIfNoEntry: false })) renameSync(join(partial, file), join(cache, file));
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

// src/conformance/shared-dir.ts's last place to look (after --shared, the variable and the cache).
process.env.K3S_CILIUM_CHECKOUT_SHARED_DIR = resolve(root, '..', 'shared');
const script = process.env.npm_lifecycle_event;
// `npm run synth -- --help` shows `npm run synth --`; anything else shows how this file was run.
const program = (command) => (command === script ? `npm run ${command} --` : `node tools/cli.mjs ${command}`);
// tools/bundle.mjs's LAUNCHER, named here: importing that file would load esbuild on every run.
const launcher = createRequire(import.meta.url)(join(cache, 'k3s-cilium-cdk8s.cjs'));
process.exitCode = await launcher.runCli(process.argv.slice(2), undefined, { program });
// A no-op when the cache was taken; otherwise (a fresh bundle, or a cache a concurrent rebuild left
// for another build) this run's compiled code becomes the cache. It only ever changes speed.
try {
  launcher.saveCodeCache();
} catch {
  // A read-only node_modules: run without a cache.
}
