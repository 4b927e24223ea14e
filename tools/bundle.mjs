/**
 * The synthesizer as one self-contained ES module (esbuild): main.ts with every dependency inlined.
 * Node then loads one file instead of resolving and compiling hundreds of modules, which is most of
 * a small render's time. `npm run build` writes lib/synth.bundle.mjs (what the Argo CD plugin runs);
 * tools/synth.mjs keeps a cached copy for `npm run synth`. Plain JavaScript, so it runs without tsx.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes the bundle of main.ts to `outfile`. */
export async function bundleSynth(outfile) {
  await build({
    entryPoints: [resolve(PROJECT_ROOT, 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Bundled CommonJS packages (cdk8s, ajv, …) call require() for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outfile = resolve(PROJECT_ROOT, process.argv[2] ?? 'lib/synth.bundle.mjs');
  await bundleSynth(outfile);
}
