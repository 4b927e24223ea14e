/** Helpers of the YAML loader's tests: a cluster file written to a temporary folder, refused by the CLI, or parsed. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { YAML_LIMITS } from '../../src/load/yaml-limits.js';
import { parseYaml } from '../../src/load/yaml.js';
import { formatDiagnostic } from '../../src/model/diagnostics.js';
import { run } from '../cli/run.js';
import { ROOT, tempDir } from '../helpers.js';

export const fixture = (name: string) => join(ROOT, 'test/fixtures/yaml', name);

/** Writes a cluster file; returns its path. */
export function file(content: string | Buffer, name = 'c.yaml'): string {
  const path = join(tempDir('k3scc-yaml-'), name);
  writeFileSync(path, content);
  return path;
}

/** The synth's stderr for one file, which must fail with exit 1, one finding and no stack trace. */
export function refused(path: string): string {
  const out = join(tempDir('k3scc-yaml-out-'), 'dist');
  const r = run(['--config', path, '--out', out]);
  expect(r.code).toBe(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r.stderr.split('\n')[0];
}

/** The first finding of parsing `text`, formatted. */
export function first(text: string | Uint8Array, limits = YAML_LIMITS): string {
  const parsed = parseYaml(text, limits);
  expect(parsed.diagnostics?.length).toBeGreaterThan(0);
  return formatDiagnostic('f.yaml', parsed.diagnostics![0]);
}

