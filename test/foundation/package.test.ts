/** The construct library as another cdk8s app consumes it: compiled JS + types behind package.json exports. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { readProjectFile, renderFile, ROOT, loadValid } from '../helpers.js';

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

  it('renders the same files from the compiled library as from the sources', async () => {
    const lib = await import(pathToFileURL(join(outDir, pkg.exports['.'].default.replace(/^\.\/lib\//, ''))).href);
    const cluster = new lib.K3sCiliumCluster(new App({ outdir: '/dev/null' }), 'homelab', { spec: loadValid('clusters/homelab.yaml').spec, source: 'clusters/homelab.yaml' });
    const fromSources = renderFile('clusters/homelab.yaml');
    // PLAN.md is the CLI's (src/plan.ts), not the construct's.
    fromSources.delete('PLAN.md');
    expect(cluster.files()).toEqual(fromSources);
  });

  it('keeps engines honest: Node 20, which the machines run', () => {
    expect(pkg.engines.node).toBe('>=20.19.0');
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });
});
