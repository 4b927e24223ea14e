/**
 * Plays Argo CD's repo-server against the plugin: builds the project the way argocd/Dockerfile
 * does (its COPY and RUN steps replayed in a temporary copy; `npm ci` becomes a symlink to this
 * checkout's node_modules, so nothing touches the network), then runs plugin.yaml's exact
 * generate command in a fresh app directory with the environment Argo CD sets.
 */
import { spawnSync, execSync } from 'node:child_process';
import { cpSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PLUGIN_NAME } from '../../src/gitops/argocd-application.js';
import { docs, HOMELAB, readProjectFile, ROOT, tempDir } from '../helpers.js';
import { dockerfileStages } from './dockerfile.js';

const plugin = parse(readProjectFile('argocd/plugin.yaml'));
const [build, runtime] = dockerfileStages();

/** What the runtime stage copies from the build stage (paths under /build/), and where to. */
const fromBuild = runtime.instructions.filter((i) => i.op === 'COPY' && i.args.startsWith('--from=build')).map((i) => {
  const parts = i.args.split(' ').slice(1);
  return { sources: parts.slice(0, -1).map((s) => s.replace(/^\/build\//, '')), dest: parts.at(-1)! };
});
/** The directory the runtime stage installs the synthesizer into (the parent of its lib/). */
const installDir = posix.dirname(fromBuild.find((c) => c.sources.includes('lib/k3s-cilium-cdk8s.cjs'))!.dest);
/** The files of lib/ in the image. */
const imageLib = fromBuild.flatMap((c) => c.sources).filter((s) => s.startsWith('lib/')).map((s) => posix.basename(s));

/** Replays the build stage in `dir`; returns it. */
function replayBuildStage(dir: string): string {
  for (const { op, args } of build.instructions) {
    if (op === 'COPY') {
      const parts = args.split(' ');
      const dest = join(dir, parts.at(-1)!);
      for (const src of parts.slice(0, -1)) cpSync(join(ROOT, src), src.endsWith('/') ? dest : join(dest, posix.basename(src)), { recursive: true });
    } else if (op === 'RUN' && /^npm ci\b/.test(args)) {
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    } else if (op === 'RUN' && /^npm prune\b/.test(args)) {
      // Would prune this checkout's node_modules through the symlink; the image has its own copy.
    } else if (op === 'RUN') {
      execSync(args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    }
  }
  return dir;
}

/** The generate command with the image's install directory mapped to the replayed build. */
function generateArgv(buildDir: string): string[] {
  return [...plugin.spec.generate.command, ...plugin.spec.generate.args].map((a: string) => a.split(`${installDir}/`).join(`${buildDir}/`));
}

function appDir(files: Record<string, string>): string {
  const dir = tempDir('argocd-app-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs generate as the CMP server would: cwd = the app source directory, Argo CD's build environment. */
function generate(buildDir: string, dir: string, parameters: Record<string, string> = {}) {
  const [command, ...args] = generateArgv(buildDir);
  const env: Record<string, string> = {
    PATH: process.env.PATH!, HOME: dir,
    ARGOCD_APP_NAME: 'homelab-networking', ARGOCD_APP_NAMESPACE: 'argocd', ARGOCD_APP_PROJECT_NAME: 'default',
    ARGOCD_APP_REVISION: '0123456789abcdef0123456789abcdef01234567', ARGOCD_APP_SOURCE_PATH: 'clusters',
    ARGOCD_APP_SOURCE_REPO_URL: 'https://github.com/example/k3s-cilium-cdk8s.git', ARGOCD_APP_SOURCE_TARGET_REVISION: 'main',
    KUBE_VERSION: '1.33.4+k3s1', KUBE_API_VERSIONS: 'v1,apps/v1,cilium.io/v2,cilium.io/v2alpha1',
    ARGOCD_APP_PARAMETERS: JSON.stringify(Object.entries(parameters).map(([name, string]) => ({ name, string }))),
    ...Object.fromEntries(Object.entries(parameters).map(([k, v]) => [`PARAM_${k.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`, v])),
  };
  const r = spawnSync(command, args, { cwd: dir, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The objects of the default cluster's manifests/ (its snapshot), in the order its kustomization lists the files. */
function distObjects(): unknown[] {
  const dir = 'test/snapshots/homelab/manifests';
  return (parse(readProjectFile(`${dir}/kustomization.yaml`)).resources as string[]).flatMap((f) => docs(readProjectFile(`${dir}/${f}`)));
}

const homelab = readProjectFile(HOMELAB);

describe('argocd/plugin.yaml', () => {
  it('is a sidecar ConfigManagementPlugin with no network-bound init, discovery by file name, and a guarded generate', () => {
    expect(plugin).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: PLUGIN_NAME } });
    expect(plugin.spec.version).toBeUndefined();
    expect(plugin.spec.init).toBeUndefined();
    expect(plugin.spec.discover).toEqual({ fileName: '*.yaml' });
    const script: string = plugin.spec.generate.args[0];
    expect(script).toMatch(/^set -eu\n/);
    expect(script).toContain('${PARAM_CLUSTER:+--cluster "$PARAM_CLUSTER"}');
    expect(script).not.toMatch(/npm|npx|cdk8s synth|curl|wget/);
    expect(plugin.spec.parameters.static.map((p: { name: string }) => p.name)).toEqual(['cluster']);
  });
});

describe('argocd/Dockerfile', () => {
  it('builds on the locked dependencies and runs as uid 999 without package managers', () => {
    expect(build.name).toBe('build');
    expect(build.instructions.find((i) => i.op === 'RUN')!.args).toMatch(/^npm ci /);
    expect(runtime.instructions.find((i) => i.op === 'USER')!.args).toBe('999:999');
    const cleanup = runtime.instructions.find((i) => i.op === 'RUN')!.args;
    for (const tool of ['/usr/local/bin/npm', '/usr/local/bin/npx', '/usr/local/bin/corepack', '/usr/local/lib/node_modules']) expect(cleanup).toContain(tool);
    expect(runtime.instructions).toContainEqual({ op: 'COPY', args: 'argocd/plugin.yaml /home/argocd/cmp-server/config/plugin.yaml' });
    // The launcher of the bundle `npm run build` writes, not the unbundled lib/main.js.
    expect(plugin.spec.generate.args[0]).toContain(`node ${installDir}/lib/k3s-cilium-cdk8s.cjs `);
  });

  it('copies only the bundle, its launcher, code cache and licenses into the image (no node_modules), on a base image pinned by digest', () => {
    const copies = runtime.instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toEqual([
      `--from=build /build/lib/k3s-cilium-cdk8s.cjs /build/lib/cli.cjs /build/lib/cli.cjs.cache /build/lib/THIRD-PARTY-NOTICES.txt ${installDir}/lib/`,
      'argocd/plugin.yaml /home/argocd/cmp-server/config/plugin.yaml',
    ]);
    const arg = readProjectFile('argocd/Dockerfile').split('\n').find((l) => l.startsWith('ARG NODE_IMAGE='))!;
    expect(arg).toMatch(/^ARG NODE_IMAGE=node:[0-9.]+-[a-z]+-slim@sha256:[0-9a-f]{64}$/);
    expect([build.from, runtime.from]).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
  });

  it('sends the build every file it copies, and nothing else (Dockerfile.dockerignore)', () => {
    const allowed = readProjectFile('argocd/Dockerfile.dockerignore').split('\n').filter((l) => l.startsWith('!')).map((l) => l.slice(1)).sort();
    const copied = [...build.instructions, ...runtime.instructions].filter((i) => i.op === 'COPY' && !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(' ').slice(0, -1)).sort();
    expect(allowed).toEqual(copied);
    // .npmrc's omit=peer keeps the build stage's npm ci from installing aws-cdk-lib (a peer of the kubectl layer).
    expect(copied).toContain('.npmrc');
    expect(readProjectFile('.npmrc')).toMatch(/^omit=peer$/m);
  });
});

describe('the plugin, played by a fake repo-server', () => {
  let buildDir: string;
  beforeAll(() => {
    buildDir = replayBuildStage(tempDir('cmp-image-'));
  });

  it('leaves everything the runtime stage copies from the build stage', () => {
    for (const src of fromBuild.flatMap((c) => c.sources)) expect(existsSync(join(buildDir, src)), src).toBe(true);
    expect(existsSync(join(buildDir, 'lib/test'))).toBe(false);
  });

  it('builds a bundle that needs no node_modules: the image\'s lib/ alone, in an empty directory, renders the same objects', () => {
    const alone = tempDir('cmp-bundle-');
    for (const file of imageLib) cpSync(join(buildDir, 'lib', file), join(alone, file));
    const dir = appDir({ 'homelab.yaml': homelab });
    const r = spawnSync(process.execPath, [join(alone, 'k3s-cilium-cdk8s.cjs'), 'synth', '--stdout', '--config', '.'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(docs(r.stdout)).toEqual(distObjects());
  });

  it('prints exactly the objects of the rendered manifests/ for the one cluster file of the app', () => {
    const r = generate(buildDir, appDir({ 'homelab.yaml': homelab }));
    expect(r.stderr).toContain('→ stdout');
    expect(r.code).toBe(0);
    expect(docs(r.stdout)).toEqual(distObjects());
  });

  it('picks the cluster by the `cluster` parameter among several, and refuses to guess without it', () => {
    const dir = appDir({ 'homelab.yaml': homelab, 'office.yaml': homelab.replace('name: homelab', 'name: office').replace('tier: critical', 'tier: office') });
    const picked = generate(buildDir, dir, { cluster: 'homelab' });
    expect(picked.code).toBe(0);
    expect(docs(picked.stdout)).toEqual(distObjects());
    const unpicked = generate(buildDir, dir);
    expect(unpicked.code).not.toBe(0);
    expect(unpicked.stdout).toBe('');
    expect(unpicked.stderr).toContain('one cluster and there are 2: set the Application\'s plugin parameter `cluster` (homelab, office)');
  });

  it('fails with empty stdout and the finding on stderr for an invalid cluster file', () => {
    const r = generate(buildDir, appDir({ 'homelab.yaml': homelab.replace('rpFilter: 0', 'rpFilter: 1') }));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('homelab.yaml: sysctls.rpFilter:');
  });
});
