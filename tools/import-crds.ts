/**
 * Regenerates imports/ with `cdk8s import`, offline, from the CRD files in the shared reference
 * directory. The CRDs are the ones cdk8s.yaml names by upstream URL; each URL maps to its copy:
 *   .../cilium/v<ver>/pkg/k8s/apis/cilium.io/client/crds/<apiver>/<file> -> cilium/<ver>/crds/<apiver>/<file>
 *   .../helm-controller/<tag>/pkg/crds/yaml/generated/<file>             -> k3s/<file>
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { sharedDir } from '../src/conformance/shared-dir.js';

const root = resolve(import.meta.dirname, '..');
const config = parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')) as { imports: string[] };

function localCopy(url: string): string {
  const cilium = url.match(/\/cilium\/cilium\/v([0-9.]+)\/pkg\/k8s\/apis\/cilium\.io\/client\/crds\/(v[0-9a-z]+\/[^/]+)$/);
  if (cilium) return join(sharedDir(), 'cilium', cilium[1], 'crds', cilium[2]);
  const helm = url.match(/\/k3s-io\/helm-controller\/[^/]+\/pkg\/crds\/yaml\/generated\/([^/]+)$/);
  if (helm) return join(sharedDir(), 'k3s', helm[1]);
  throw new Error(`cdk8s.yaml: imports: no local copy known for ${url}`);
}

const outDir = join(root, 'imports');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir);
for (const entry of config.imports) {
  const [name, url] = entry.split(':=');
  const file = localCopy(url);
  if (!existsSync(file)) {
    console.error(`npm run import: ${file} is missing; set K3S_CILIUM_SHARED_DIR to the reference data directory`);
    process.exit(2);
  }
  // One invocation per spec: cdk8s-cli 2.207 imports only the first positional spec of a call.
  execFileSync(join(root, 'node_modules', '.bin', 'cdk8s'),
    ['import', '--no-check-upgrade', '--no-save', '--language', 'typescript', '--output', outDir, `${name}:=${file}`],
    { stdio: ['ignore', 'ignore', 'inherit'], cwd: root });
}
console.error(`npm run import: wrote ${config.imports.length} modules to imports/`);
