/**
 * The CLI as self-contained ES modules (esbuild): main.ts with every dependency inlined. Node then
 * loads one file instead of resolving and compiling hundreds of modules, which is most of a small
 * render's time. `npm run build` writes lib/synth.bundle.mjs (what the package's bin and the Argo CD
 * plugin run: synth and plan need nothing else) and lib/validate.bundle.mjs beside it, which the
 * first loads only for `validate`: the conformance checker and its schemas would otherwise double
 * the file every synth parses. tools/cli.mjs keeps a cached copy of both for `npm run synth`.
 * Plain JavaScript, so it runs without tsx.
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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
  return 'Third-party software inlined in synth.bundle.mjs and validate.bundle.mjs, with its licenses.\n\n' + unique.join(`\n${'-'.repeat(80)}\n\n`);
}

/** The file name of the validate bundle, beside the main one. */
export const VALIDATE_BUNDLE = 'validate.bundle.mjs';

/** Leaves src/cli/main.ts's dynamic import of the validate command pointing at the validate bundle beside the main one. */
const validateAsSibling = {
  name: 'validate-as-sibling',
  setup(b) {
    b.onResolve({ filter: /\/cmds\/validate\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: `./${VALIDATE_BUNDLE}`, external: true } : undefined));
  },
};

/**
 * Writes the bundle of main.ts to `outfile` and the validate command's to validate.bundle.mjs
 * beside it; with `notices`, the licenses of what they inline to that file.
 */
export async function bundleCli(outfile, notices) {
  const { version } = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8'));
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    define: { __K3S_CILIUM_CDK8S_VERSION__: JSON.stringify(version) },
    // Bundled CommonJS packages (cdk8s, ajv, …) call require() for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    // The licenses go to a notices file instead (thirdPartyNotices): comments would not cover the packages without any.
    legalComments: 'none',
    metafile: notices !== undefined,
    logLevel: 'warning',
  };
  // The validate bundle first: a run of the main one may load it as soon as it exists.
  const validate = await build({
    ...common, entryPoints: [resolve(PROJECT_ROOT, 'src/cli/cmds/validate.ts')], outfile: join(dirname(outfile), VALIDATE_BUNDLE),
  });
  const main = await build({ ...common, entryPoints: [resolve(PROJECT_ROOT, 'main.ts')], outfile, plugins: [validateAsSibling] });
  if (notices !== undefined) {
    const inputs = { ...validate.metafile.inputs, ...main.metafile.inputs };
    writeFileSync(notices, thirdPartyNotices({ inputs }));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outfile = resolve(PROJECT_ROOT, process.argv[2] ?? 'lib/synth.bundle.mjs');
  await bundleCli(outfile, join(dirname(outfile), 'THIRD-PARTY-NOTICES.txt'));
}
