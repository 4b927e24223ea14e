/**
 * `npm install git+file://…` of this checkout (its files as a commit of a fresh repository) into a
 * fresh project: npm clones it, installs its locked dependencies, runs `prepare` (the build, see
 * tools/prepare.mjs) and packs it; the installed CLI then works. Nothing reaches the network: the
 * locked packages come from npm's cache (which `npm ci` filled), the package's own dependencies
 * from a registry on loopback (test/package/registry.ts), and `legacy-peer-deps` leaves the
 * library's peers (cdk8s, constructs) to the app, as a GitOps folder that only runs the CLI does.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyCheckout, HOMELAB, readProjectFile, tempDir } from '../helpers.js';
import { localRegistry } from './registry.js';

const run = promisify(execFile);
const base = tempDir('k3s-cilium-git-install-');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('npm install git+file://', () => {
  it('clones, builds on install (prepare) and installs a working CLI, without the registry', async () => {
    const source = join(base, 'source');
    copyCheckout(source);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: source });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'snapshot');
    const project = join(base, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "my-gitops", "private": true }\n');
    const manifest = JSON.parse(readProjectFile('package.json'));
    const registry = await localRegistry();
    try {
      await run('npm', ['install', `git+file://${source}`], {
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
    const installed = join(project, 'node_modules', manifest.name);
    expect(existsSync(join(installed, 'lib', 'cli.cjs'))).toBe(true);
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).dependencies[manifest.name]).toBe(`git+file://${source}`);
    const bin = join(project, 'node_modules', '.bin', manifest.name);
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' })).toBe(`${manifest.version}\n`);
    writeFileSync(join(project, 'lab.yaml'), readProjectFile(HOMELAB));
    execFileSync(bin, ['synth', '--config', 'lab.yaml', '--out', 'dist'], { cwd: project, stdio: 'pipe' });
    expect(existsSync(join(project, 'dist', parse(readProjectFile(HOMELAB)).name, 'PLAN.md'))).toBe(true);
    // npm installs the ~400 locked packages and runs the build: minutes on a loaded 2-core machine, which no limit here may fail.
  }, 900_000);
});
