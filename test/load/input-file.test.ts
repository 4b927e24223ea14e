/**
 * Reading an input file in process (src/load/cluster-file.ts): what is not a regular file is named
 * and never opened, a file that cannot be read says why, and the name in messages is the label given.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterFile, readInputFile } from '../../src/load/cluster-file.js';
import { loadFleetFile } from '../../src/load/fleet-file.js';
import { tempDir } from '../helpers.js';

const ODD_FIX = 'Give a cluster file; to read standard input, give --config -.';

describe('what is not a regular file', () => {
  it.each([
    ['a folder', (dir: string) => mkdirSync(join(dir, 'c.yaml'))],
    ['a FIFO', (dir: string) => execFileSync('mkfifo', [join(dir, 'c.yaml')])],
  ])('%s is named, not opened (a FIFO would wait for a writer)', (kind, make) => {
    const dir = tempDir('k3scc-input-');
    make(dir);
    const finding = { severity: 'error', path: '', message: `${kind}, not a regular file`, fix: ODD_FIX };
    expect(readInputFile(join(dir, 'c.yaml'))).toEqual({ diagnostics: [finding] });
    expect(loadClusterFile(join(dir, 'c.yaml'), 'clusters/c.yaml')).toEqual({ file: 'clusters/c.yaml', diagnostics: [finding] });
  });

  it('a device', () => {
    expect(readInputFile('/dev/null')).toEqual({ diagnostics: [{ severity: 'error', path: '', message: 'a device, not a regular file', fix: ODD_FIX }] });
  });

  it('a file that is not there says why, under its path', () => {
    const missing = join(tempDir('k3scc-input-'), 'gone.yaml');
    const finding = { severity: 'error', path: '', message: 'cannot read the file (ENOENT)' };
    expect(loadClusterFile(missing)).toEqual({ file: missing, diagnostics: [finding] });
    expect(loadFleetFile(missing, [])).toEqual({ file: missing, diagnostics: [finding] });
  });
});

describe('a regular file', () => {
  it('is read whole, named by its label (default: its path)', () => {
    const file = join(tempDir('k3scc-input-'), 'c.yaml');
    writeFileSync(file, 'name: [\n');
    expect(readInputFile(file)).toEqual({ bytes: Buffer.from('name: [\n') });
    const finding = expect.objectContaining({ path: 'line 2, column 1', message: expect.stringMatching(/^invalid YAML: /) });
    expect(loadClusterFile(file)).toEqual({ file, diagnostics: [finding] });
    expect(loadClusterFile(file, 'x.yaml')).toEqual({ file: 'x.yaml', diagnostics: [finding] });
    expect(loadFleetFile(file, [])).toEqual({ file, diagnostics: [finding] });
  });

  it('an empty file is read as no bytes', () => {
    const file = join(tempDir('k3scc-input-'), 'c.yaml');
    writeFileSync(file, '');
    expect(readInputFile(file)).toEqual({ bytes: Buffer.alloc(0) });
  });
});
