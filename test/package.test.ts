/** The construct library as another cdk8s app consumes it: compiled JS + types behind package.json exports. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'cdk8s';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { renderClusterFile } from '../src/cli/render.js';
import { HOMELAB, loadValidFile, readProjectFile, ROOT } from './helpers.js';

describe('package', () => {
  const pkg = JSON.parse(readProjectFile('package.json'));
  // Inside the project so the compiled files resolve cdk8s and constructs from its node_modules, as a consumer's would.
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const outDir = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'k3s-cilium-build-'));
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { cwd: ROOT });

  it('exports the compiled construct library with its types', () => {
    expect(pkg.name).toBe('k3s-cilium-cdk8s');
    const entry = pkg.exports['.'];
    for (const file of [entry.default, entry.types]) {
      expect(file).toMatch(/^\.\/lib\//);
      expect(existsSync(join(outDir, file.replace(/^\.\/lib\//, ''))), file).toBe(true);
    }
  });

  it('gives a library user the tree the CLI writes, PLAN.md included', async () => {
    const lib = await import(pathToFileURL(join(outDir, pkg.exports['.'].default.replace(/^\.\/lib\//, ''))).href);
    const loaded = loadValidFile(HOMELAB);
    const cluster = new lib.K3sCiliumCluster(new App({ outdir: '/dev/null' }), 'homelab', { spec: loaded.cluster.spec, source: HOMELAB });
    expect(cluster.files()).toEqual(renderClusterFile(loaded));
  });

  it('keeps engines honest: the running Node satisfies it, and it asks for at least what every dependency needs', () => {
    const range = pkg.engines.node as string;
    expect(semver.satisfies(process.versions.node, range)).toBe(true);
    const minimum = semver.minVersion(range)!;
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      const needs = JSON.parse(readProjectFile(`node_modules/${name}/package.json`)).engines?.node as string | undefined;
      if (needs) expect(semver.satisfies(minimum, needs), `${name} needs node ${needs}`).toBe(true);
    }
  });
});
