/**
 * The k3s Go source files flags.json is derived from, as `upstream fetch` keeps them in the data
 * directory (`k3s/source/v1.<minor>/<path in k3s>`), so a derived flags.json can be checked again
 * later by deriving it anew from verified inputs, and a developer can compare the derivation with
 * a reference copy (test/upstream-data/k3s-flags-source.test.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type K3sSourceFiles } from './k3s-flags.js';
import type { K3sFlagSource, UpstreamInput } from './manifest.js';

/** Where an input of a minor lives in the data directory. */
export function k3sSourcePath(source: K3sFlagSource, input: UpstreamInput): string {
  return `k3s/source/v1.${source.minor}/${input.path}`;
}

export const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** The stored sources of every minor, each file checked against its sha256; a string says what is missing or differs. */
export function storedK3sSources(dir: string, sources: readonly K3sFlagSource[]): K3sSourceFiles[] | string {
  const out: K3sSourceFiles[] = [];
  for (const source of sources) {
    const files: Record<string, string> = {};
    for (const input of source.files) {
      const path = join(dir, k3sSourcePath(source, input));
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        return `${path}: missing`;
      }
      if (sha256(bytes) !== input.sha256) return `${path}: sha256 ${sha256(bytes)}, but the manifest pins ${input.sha256}`;
      files[input.path] = bytes.toString('utf8');
    }
    out.push({ minor: source.minor, files });
  }
  return out;
}
