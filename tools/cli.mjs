/**
 * This repository's way to run the CLI (`npm run synth|plan|validate`, cdk8s.yaml's app): runs
 * main.ts from a bundle cached in node_modules/.cache/, rebuilt whenever a source file is newer
 * than it. A render then costs one file load instead of tsx compiling and Node resolving every
 * module (≈0.2 s instead of ≈0.5 s); editing any .ts file still takes effect on the next run, as
 * with tsx. Beside what the package's bin does, it names commands the way npm runs them here
 * (`npm run synth --`) and lets `validate` default to the reference data in ../shared.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const cache = join(root, 'node_modules', '.cache', 'k3s-cilium-cdk8s');
const bundle = join(cache, 'cli.mjs');
/** What the bundle is built from: the sources, the generated schema validator, and the locked dependencies. */
const SOURCES = ['main.ts', 'constructs', 'imports', 'src', 'generated', 'package.json', 'package-lock.json', 'tools/bundle.mjs'];

/** Newest modification time under a file or directory, in ms. */
function newest(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, entry) => Math.max(max, newest(join(path, entry))), stat.mtimeMs);
}

const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? -1;
if (SOURCES.some((s) => newest(join(root, s)) >= built)) {
  const { bundleCli, VALIDATE_BUNDLE } = await import('./bundle.mjs');
  // Built beside and renamed over it, so a concurrent run never loads half a file.
  const partial = join(cache, `.partial-${process.pid}`);
  mkdirSync(partial, { recursive: true });
  try {
    await bundleCli(join(partial, 'cli.mjs'));
    renameSync(join(partial, VALIDATE_BUNDLE), join(cache, VALIDATE_BUNDLE));
    renameSync(join(partial, 'cli.mjs'), bundle);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

process.env.K3S_CILIUM_SHARED_DIR ??= resolve(root, '..', 'shared');
const script = process.env.npm_lifecycle_event;
// `npm run synth -- --help` shows `npm run synth --`; anything else shows how this file was run.
const program = (command) => (command === script ? `npm run ${command} --` : `node tools/cli.mjs ${command}`);
const { runCli } = await import(pathToFileURL(bundle).href);
process.exitCode = await runCli(process.argv.slice(2), undefined, { program });
