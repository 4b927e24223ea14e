/**
 * The package as users get it, without the network: installed from git (a snapshot of this
 * checkout, built on install), packed, and unpacked into temporary projects the way npm installs
 * it. The projects' other packages come from this checkout's node_modules, which `npm ci` filled: each package that loads cdk8s or constructs is a
 * copy (Node resolves a symlink to its real path, which would load this checkout's cdk8s instead of
 * the project's), every other one a symlink. The oldest supported cdk8s and constructs are the
 * `cdk8s-oldest` / `constructs-oldest` aliases of package.json's devDependencies.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { copyCheckout, ROOT, tempDir } from '../helpers.js';
import { localRegistry } from './registry.js';

/** An environment with no registry to reach and an empty npm cache: anything that needs either fails. */
export function offlineEnv(home: string): NodeJS.ProcessEnv {
  mkdirSync(join(home, '.npm'), { recursive: true });
  return {
    PATH: process.env.PATH, HOME: home, TMPDIR: tmpdir(), npm_config_cache: join(home, '.npm'), npm_config_offline: 'true',
    npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false',
  };
}

export interface Packed {
  /** The tarball. */
  readonly tarball: string;
  /** Its paths, relative to the package root, sorted. */
  readonly files: readonly string[];
  /** The package.json inside it. */
  readonly manifest: Record<string, any>;
}

/** A project with the package installed by `npm install git+file://` of a snapshot of this checkout. */
export interface GitInstall {
  /** The snapshot: a fresh repository with one commit of this checkout's files. */
  readonly source: string;
  /** The project the package is installed in (`node_modules/<name>`). */
  readonly project: string;
}

/**
 * `npm install git+file://…` of this checkout (its files as a commit of a fresh repository) into a
 * fresh project: npm clones it, installs its locked dependencies, runs `prepare` (the build, see
 * tools/prepare.mjs) and packs it. Nothing reaches the network: the locked packages come from npm's
 * cache (which `npm ci` filled), the package's own dependencies from a registry on loopback
 * (test/package/registry.ts), and `legacy-peer-deps` leaves the library's peers (cdk8s,
 * constructs) to the app, as a GitOps folder that only runs the CLI does.
 */
export async function installFromGit(): Promise<GitInstall> {
  const base = tempDir('k3s-cilium-git-install-');
  const source = join(base, 'source');
  copyCheckout(source);
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: source });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'snapshot');
  const project = join(base, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "my-gitops", "private": true }\n');
  const registry = await localRegistry();
  try {
    await promisify(execFile)('npm', ['install', `git+file://${source}`], {
      cwd: project,
      maxBuffer: 64 << 20,
      env: {
        PATH: process.env.PATH, HOME: project, TMPDIR: tmpdir(), npm_config_cache: registry.cache, npm_config_prefer_offline: 'true',
        npm_config_registry: `${registry.url}/`, npm_config_legacy_peer_deps: 'true', npm_config_update_notifier: 'false',
        npm_config_audit: 'false', npm_config_fund: 'false',
      },
    });
  } finally {
    await registry.close();
  }
  return { source, project };
}

/**
 * The package npm built and packed from git, packed again as a tarball (`npm pack` without scripts:
 * it is built already). The package is built once per run, on install from git, where the build
 * must run; `npm pack` of a checkout runs the same `npm run build` (prepack), which the manifest
 * test checks.
 */
export function packInstalled(install: GitInstall, name: string): Packed {
  const dir = tempDir('k3s-cilium-pack-');
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir, join(install.project, 'node_modules', name)], {
    cwd: dir, env: offlineEnv(dir), encoding: 'utf8',
  });
  const [result] = JSON.parse(out.slice(out.indexOf('[')));
  const tarball = join(dir, result.filename);
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  return { tarball, files: result.files.map((f: { path: string }) => f.path).sort(), manifest };
}

/** Unpacks the tarball as `node_modules/<name>` of `project`. */
function unpack(tarball: string, project: string, name: string): string {
  const dir = join(project, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
  return dir;
}

/** Whether the installed package `name` (in this checkout) loads cdk8s or constructs itself. */
function loadsCdk8s(name: string): boolean {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'));
  return ['cdk8s', 'constructs'].some((p) => p in (pkg.peerDependencies ?? {}) || p in (pkg.dependencies ?? {}));
}

/** Puts `name` into the project's node_modules from this checkout's `from` (default: the same name). */
function provide(project: string, name: string, from = name): void {
  const target = join(project, 'node_modules', name);
  mkdirSync(dirname(target), { recursive: true });
  if (name === 'cdk8s' || name === 'constructs' || loadsCdk8s(from)) cpSync(join(ROOT, 'node_modules', from), target, { recursive: true });
  else symlinkSync(join(ROOT, 'node_modules', from), target, 'dir');
}

/** The versions of cdk8s and constructs a project is on, and which of this checkout's packages hold them. */
export interface Peers {
  readonly label: string;
  readonly cdk8s: string;
  readonly constructs: string;
  readonly cdk8sFrom: string;
  readonly constructsFrom: string;
}

/** The version of a package installed in this checkout. */
export function installedVersion(name: string): string {
  return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** The oldest and newest cdk8s/constructs pairs the package claims, as installed here. */
export function supportedPeers(): Peers[] {
  return [
    { label: 'oldest', cdk8sFrom: 'cdk8s-oldest', constructsFrom: 'constructs-oldest' },
    { label: 'newest', cdk8sFrom: 'cdk8s', constructsFrom: 'constructs' },
  ].map((p) => ({ ...p, cdk8s: installedVersion(p.cdk8sFrom), constructs: installedVersion(p.constructsFrom) }));
}

/** A plain folder (a GitOps repository) with the package installed for its CLI: `npx k3s-cilium-cdk8s …` works there. */
export function cliProject(packed: Packed): string {
  const project = tempDir('k3s-cilium-gitops-');
  const pkg = { name: 'my-gitops', private: true, devDependencies: { [packed.manifest.name]: packed.manifest.version } };
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  // The CLI is bundled: it loads nothing of the library's dependencies, so none are installed here.
  unpack(packed.tarball, project, packed.manifest.name);
  mkdirSync(join(project, 'node_modules', '.bin'));
  for (const [bin, path] of Object.entries(packed.manifest.bin as Record<string, string>)) {
    symlinkSync(join('..', packed.manifest.name, path), join(project, 'node_modules', '.bin', bin));
  }
  return project;
}

/** A cdk8s app project on the given cdk8s/constructs, with the package installed as npm would (one copy of each). */
export function appProject(packed: Packed, peers: Peers, sources: string): string {
  const project = tempDir(`k3s-cilium-app-${peers.label}-`);
  cpSync(sources, project, { recursive: true });
  const pkg = {
    name: 'my-cdk8s-app', private: true, type: 'module',
    dependencies: { cdk8s: peers.cdk8s, constructs: peers.constructs, [packed.manifest.name]: packed.manifest.version },
    devDependencies: { '@types/node': installedVersion('@types/node') },
  };
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  unpack(packed.tarball, project, packed.manifest.name);
  provide(project, 'cdk8s', peers.cdk8sFrom);
  provide(project, 'constructs', peers.constructsFrom);
  for (const name of Object.keys(packed.manifest.dependencies ?? {})) provide(project, name);
  provide(project, '@types/node');
  return project;
}

/** Runs a command in a project with the offline environment. */
export function runIn(project: string, command: string, args: readonly string[]) {
  const r = spawnSync(command, args, { cwd: project, env: offlineEnv(project), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
