/**
 * The package installed the way users install it (test/package/install.ts): from git (`npm install
 * git+file://`, built on install), then, packed, into a GitOps folder that only runs the CLI, with
 * `npm install <tarball>`, and into cdk8s apps on the oldest and the newest cdk8s/constructs the
 * package claims, each with one copy of them, type-checking and synthesizing examples/typescript/.
 * The package is built once, by the install from git: each build costs about 20 s of CPU.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'cdk8s';
import semver from 'semver';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { K3sCiliumCluster } from '../../constructs/index.js';
import { office } from '../../examples/typescript/cluster.js';
import { renderClusterFile } from '../../src/cli/render.js';
import { reference } from '../conformance/reference.js';
import { docs, HOMELAB, loadValidText, readProjectFile, readTree as tree, ROOT, tempDir } from '../helpers.js';
import { appProject, cliProject, GitInstall, installFromGit, offlineEnv, Packed, packInstalled, runIn, supportedPeers } from './install.js';
import { localRegistry } from './registry.js';

/** Relative imports of a compiled module, resolved to package paths (`lib/src/model/ip.js`). */
function relativeImports(files: Record<string, string>, from: string): string[] {
  const text = files[from];
  return [...text.matchAll(/(?:^|\n)(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)].map((m) => join(from, '..', m[1]));
}

const manifestName = JSON.parse(readProjectFile('package.json')).name as string;
let git: GitInstall;
let packed: Packed;
beforeAll(async () => {
  git = await installFromGit();
  packed = packInstalled(git, manifestName);
  // npm installs the ~400 locked packages and runs the build: minutes on a loaded 2-core machine, which no limit here may fail.
}, 900_000);

describe('npm install git+file://', () => {
  it('clones, builds on install (prepare) and installs a working CLI, without the registry', () => {
    const { project, source } = git;
    const manifest = JSON.parse(readProjectFile('package.json'));
    const installed = join(project, 'node_modules', manifest.name);
    expect(existsSync(join(installed, 'lib', 'cli.cjs'))).toBe(true);
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).dependencies[manifest.name]).toBe(`git+file://${source}`);
    const bin = join(project, 'node_modules', '.bin', manifest.name);
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' })).toBe(`${manifest.version}\n`);
    writeFileSync(join(project, 'lab.yaml'), readProjectFile(HOMELAB));
    execFileSync(bin, ['synth', '--config', 'lab.yaml', '--out', 'dist'], { cwd: project, stdio: 'pipe' });
    expect(existsSync(join(project, 'dist', parse(readProjectFile(HOMELAB)).name, 'PLAN.md'))).toBe(true);
  });
});

describe('the packed package', () => {
  it('is publishable: not private, a license, a bin, the library entry, engines from Node 20.19', () => {
    const m = packed.manifest;
    expect(m.private).toBeUndefined();
    expect(m.license).toBe('Apache-2.0');
    expect(packed.files).toContain('LICENSE');
    expect(m.bin).toEqual({ 'k3s-cilium-cdk8s': 'bin/k3s-cilium-cdk8s.mjs' });
    expect(m.exports['.']).toEqual({ types: './lib/constructs/index.d.ts', default: './lib/constructs/index.js' });
    expect(m.engines.node).toBe('>=20.19.0');
    // prepare builds only when npm installs the package from git (tools/prepare.mjs), `npm pack` of a checkout
    // in prepack: the same build, run once here by the install from git.
    expect(m.scripts.prepare).toBe('node tools/prepare.mjs');
    expect(m.scripts.prepack).toBe('npm run build');
  });

  it('holds what users need and nothing else: the library\'s modules, the CLI bundles, schemas, API reference, licenses', () => {
    // Files at the top, directories below lib/ (lib/src/<room>).
    const entry = (f: string) => {
      const parts = f.split('/');
      return parts[0] !== 'lib' || parts.length === 2 ? f : parts.slice(0, parts[1] === 'src' ? 3 : 2).join('/');
    };
    const top = [...new Set(packed.files.map(entry))].sort();
    expect(top).toEqual([
      'LICENSE', 'README.md', 'bin/k3s-cilium-cdk8s.mjs', 'docs/API.md',
      'lib/THIRD-PARTY-NOTICES.txt', 'lib/cli.cjs', 'lib/constructs', 'lib/generated', 'lib/imports', 'lib/k3s-cilium-cdk8s.cjs',
      'lib/src/checks', 'lib/src/fs', 'lib/src/gitops', 'lib/src/model', 'lib/src/plan', 'lib/src/routers', 'lib/src/text', 'lib/src/write',
      'lib/validate.cjs', 'package.json', 'schema/cluster.schema.json', 'schema/fleet.schema.json',
    ]);
    expect(packed.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('declares no @internal member (stripInternal): K3sCiliumCluster publishes neither the resolved model nor the CLI\'s pre-checked input', () => {
    const declaration = execFileSync('tar', ['-xzOf', packed.tarball, 'package/lib/constructs/k3s-cilium-cluster.d.ts'], { encoding: 'utf8' });
    expect(declaration).toContain('readonly warnings: readonly string[];');
    expect(declaration).not.toMatch(/readonly (cluster|checked)\??:/);
    const entry = execFileSync('tar', ['-xzOf', packed.tarball, 'package/lib/constructs/index.d.ts'], { encoding: 'utf8' });
    expect(entry).not.toMatch(/ResolvedCluster|resolveCluster|checkCluster/);
  });

  it('ships every module the library entry loads, and only directories it loads from', () => {
    const files = Object.fromEntries(packed.files.filter((f) => f.endsWith('.js')).map((f) => [f, '']));
    const project = cliProject(packed);
    const root = join(project, 'node_modules', packed.manifest.name);
    for (const f of Object.keys(files)) files[f] = readFileSync(join(root, f), 'utf8');
    const reached = new Set<string>();
    const visit = (f: string) => {
      if (reached.has(f)) return;
      expect(files, `${f} is loaded but not packed`).toHaveProperty([f]);
      reached.add(f);
      relativeImports(files, f).forEach(visit);
    };
    visit('lib/constructs/index.js');
    const dirs = (paths: Iterable<string>) => [...new Set([...paths].map((p) => p.slice(0, p.lastIndexOf('/'))))].sort();
    expect(dirs(Object.keys(files))).toEqual(dirs(reached));
  });

  it('depends on exactly the packages its library modules import; cdk8s and constructs are peers, from the oldest version tested', () => {
    const m = packed.manifest;
    const project = cliProject(packed);
    const root = join(project, 'node_modules', m.name);
    const imported = new Set<string>();
    for (const f of packed.files.filter((p) => p.endsWith('.js'))) {
      for (const [, spec] of readFileSync(join(root, f), 'utf8').matchAll(/(?:^|\n)(?:import|export)\s[^'"]*?from\s+'([^.'][^']*)'/g)) {
        if (spec.startsWith('node:')) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
    expect(Object.keys(m.peerDependencies).sort()).toEqual(['cdk8s', 'constructs']);
    expect(Object.keys(m.dependencies).sort()).toEqual([...imported].filter((p) => !(p in m.peerDependencies)).sort());
    const [oldest, newest] = supportedPeers();
    for (const peer of ['cdk8s', 'constructs'] as const) {
      expect(m.peerDependencies[peer], `${peer}: the floor is the version tested as the oldest`).toBe(`^${oldest[peer]}`);
      expect(semver.satisfies(newest[peer], m.peerDependencies[peer])).toBe(true);
      expect(m.dependencies[peer]).toBeUndefined();
    }
  });
});

describe('the CLI, from the tarball in a folder that is not a clone', () => {
  let project: string;
  const homelab = readProjectFile(HOMELAB);
  // The fixture's own name, cluster and release: nothing here names or counts a cluster of clusters/.
  const { cluster } = loadValidText('my-cluster.yaml', homelab);
  beforeAll(() => {
    project = cliProject(packed);
    writeFileSync(join(project, 'my-cluster.yaml'), homelab);
  });
  const npx = (...args: string[]) => runIn(project, 'npx', ['--offline', 'k3s-cilium-cdk8s', ...args]);
  // What npx runs, without npm's start-up: the bin npm links for the package.
  const bin = (...args: string[]) => runIn(project, join(project, 'node_modules', '.bin', 'k3s-cilium-cdk8s'), args);

  it('renders the full tree with `npx k3s-cilium-cdk8s synth --config my-cluster.yaml --out out`, offline and with an empty npm cache', () => {
    const r = npx('synth', '--config', 'my-cluster.yaml', '--out', 'out');
    expect(r.code, r.stderr).toBe(0);
    const expected = renderClusterFile(loadValidText('my-cluster.yaml', homelab));
    expect(r.stderr).toContain(`synth: my-cluster.yaml → out/${cluster.name}/ (${expected.size} files)`);
    expect(tree(join(project, 'out'))).toEqual(Object.fromEntries(expected));
    expect(r.stdout).toBe(expected.get(`${cluster.name}/PLAN.md`));
  });

  it('answers --help and --version with the command\'s own name and the package\'s version', () => {
    const help = bin('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: k3s-cilium-cdk8s <command> \[options\]\n/);
    expect(bin('synth', '--help').stdout).toMatch(/^usage: k3s-cilium-cdk8s synth \[--config <file\|dir\|->\]/);
    expect(bin('--version').stdout).toBe(`${packed.manifest.version}\n`);
  });

  it('prints a plan, and exits 1 writing nothing, without a stack trace, for an invalid cluster file', () => {
    expect(bin('plan', 'my-cluster.yaml').stdout).toBe(renderClusterFile(loadValidText('my-cluster.yaml', homelab)).get(`${cluster.name}/PLAN.md`));
    writeFileSync(join(project, 'bad.yaml'), homelab.replace('rpFilter: 0', 'rpFilter: 1'));
    const r = bin('synth', '--config', 'bad.yaml', '--out', 'bad-out');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.yaml: sysctls.rpFilter: rpFilter 1 (strict) drops return packets');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(project, 'bad-out'))).toBe(false);
  });

  it('validates with the reference data named by --shared (its own bundle, loaded from the package), and says where it comes from without it', () => {
    const missing = bin('validate', 'out');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no upstream reference data (CRDs, chart schemas, k3s flags): run `k3s-cilium-cdk8s upstream fetch` once');
    if (!reference) return;
    bin('synth', '--config', 'my-cluster.yaml', '--out', 'out');
    const r = bin('validate', '--shared', reference.dir, 'out');
    const release = cluster.cilium.version;
    expect(r.stderr).toBe(`validate: out/${cluster.name} (Cilium ${release}, judged by the ${release} reference data): ok\n`);
    expect(r.code).toBe(0);
  });
});

describe('npm install <tarball> into a fresh project', () => {
  it('installs the CLI with its dependencies from a registry on loopback (nothing from the network) and runs it', async () => {
    const project = tempDir('k3s-cilium-tarball-');
    writeFileSync(join(project, 'package.json'), '{ "name": "my-gitops", "private": true }\n');
    const registry = await localRegistry();
    try {
      // legacy-peer-deps: a GitOps folder runs only the CLI, and cdk8s/constructs are the library's peers.
      await promisify(execFile)('npm', ['install', '--legacy-peer-deps', packed.tarball], {
        cwd: project, env: { ...offlineEnv(project), npm_config_offline: 'false', npm_config_prefer_offline: 'true', npm_config_registry: `${registry.url}/` },
      });
      const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
      expect(pkg.dependencies[packed.manifest.name]).toMatch(/^file:.*\.tgz$/);
      for (const dep of Object.keys(packed.manifest.dependencies)) expect(existsSync(join(project, 'node_modules', dep, 'package.json')), dep).toBe(true);
      expect(runIn(project, join(project, 'node_modules', '.bin', 'k3s-cilium-cdk8s'), ['--version']).stdout).toBe(`${packed.manifest.version}\n`);
    } finally {
      await registry.close();
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describe.each(supportedPeers())('a cdk8s app on the $label cdk8s ($cdk8s) and constructs ($constructs), with the library from the tarball', (peers) => {
  let project: string;
  beforeAll(() => {
    project = appProject(packed, peers, join(ROOT, 'examples', 'typescript'));
    // The README's example too, as a file of the same app.
    const readme = readProjectFile('README.md');
    const section = readme.slice(readme.indexOf('### From your own cdk8s app'));
    writeFileSync(join(project, 'readme.ts'), section.slice(section.indexOf('```ts\n') + 6, section.indexOf('\n```', section.indexOf('```ts\n'))));
  });

  it('has one copy of cdk8s and of constructs (npm ls)', () => {
    const r = runIn(project, 'npm', ['ls', 'cdk8s', 'constructs', '--all', '--parseable', '--long']);
    const copies = r.stdout.split('\n').filter((l) => l.includes('node_modules')).map((l) => `${relative(project, l.split(':')[0])} ${l.split(':')[1]}`);
    expect(copies.sort()).toEqual([`node_modules/cdk8s cdk8s@${peers.cdk8s}`, `node_modules/constructs constructs@${peers.constructs}`]);
  });

  it('type-checks examples/typescript/ and the README\'s example strictly, with the library\'s declarations checked too (skipLibCheck: false)', () => {
    const r = runIn(project, process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('synthesizes the Cilium objects beside the app\'s own chart, and writes the CLI\'s tree', () => {
    const r = runIn(project, process.execPath, ['lib/main.js']);
    expect(r.code, r.stderr).toBe(0);
    const written = tree(join(project, 'dist'));
    // cdk8s names a chart below the root after its construct path, with a hash of it (cdk8s-team/cdk8s-core#1105).
    const top = Object.keys(written).filter((f) => !f.includes('/'));
    expect(top.map((f) => f.replace(/-c8[0-9a-f]{6}\.k8s\.yaml$/, '-<hash>.k8s.yaml'))).toEqual([
      'apps.k8s.yaml',
      'office-k3s-manifests-cilium-<hash>.k8s.yaml',
      'office-manifests-l2-announcement-policies-<hash>.k8s.yaml',
      'office-manifests-lb-ipam-pools-<hash>.k8s.yaml',
      'office-manifests-rp-filter-<hash>.k8s.yaml',
    ]);
    const chartFile = (output: string) => written[top.find((f) => f.startsWith(`office-${output}-`))!];
    // What this checkout renders for the same spec: the objects, and the tree byte for byte.
    const files = new K3sCiliumCluster(new App({ outdir: '/dev/null' }), 'office', { spec: office }).files();
    expect(docs(chartFile('manifests-lb-ipam-pools'))).toEqual(docs(files.get('office/manifests/lb-ipam-pools.yaml')!));
    expect(docs(chartFile('k3s-manifests-cilium'))).toEqual(docs(files.get('office/k3s/manifests/cilium.yaml')!));
    expect(docs(written['apps.k8s.yaml']).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/cups']);
    expect(Object.fromEntries(Object.entries(written).filter(([f]) => f.startsWith('office/')))).toEqual(Object.fromEntries(files));
  });

  it('runs the README\'s example: its objects beside, its tree under dist/lab/', () => {
    const r = runIn(project, process.execPath, ['lib/readme.js']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const written = Object.keys(tree(join(project, 'dist')));
    expect(written.some((f) => /^lab-manifests-lb-ipam-pools-c8[0-9a-f]{6}\.k8s\.yaml$/.test(f))).toBe(true);
    expect(written).toContain('lab/PLAN.md');
    expect(written).toContain('lab/k3s/config/cp-1.yaml');
  });
});
