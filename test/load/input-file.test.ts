/**
 * Reading an input file in process (src/load/cluster-file.ts): what is not a regular file is named
 * and never opened, a file that cannot be read says why, and the name in messages is the label given;
 * its text gives the cluster, the cluster a check refuses (for the review), or nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClusterFile, loadClusterText, parseClusterText, readInputFile } from '../../src/load/cluster-file.js';
import { loadFleetFile } from '../../src/load/fleet-file.js';
import { ROOT, tempDir } from '../helpers.js';

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

  it('closes what it opens, whatever it finds', () => {
    const dir = tempDir('k3scc-input-');
    writeFileSync(join(dir, 'c.yaml'), 'name: x\n');
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 20; i++) {
      readInputFile(join(dir, 'c.yaml'));
      readInputFile(dir);
    }
    expect(open()).toBe(before);
  });

  // A cluster file is never there, but a FUSE file can say 0 too, and a file can grow while it is read.
  it.runIf(existsSync('/proc/self/environ'))('a file longer than stat says (procfs says 0) is read whole, not cut at the size it gave', () => {
    expect(statSync('/proc/self/environ').size).toBe(0);
    const whole = readFileSync('/proc/self/environ');
    expect(whole.length).toBeGreaterThan(64);
    expect(readInputFile('/proc/self/environ')).toEqual({ bytes: whole });
    expect(readInputFile('/proc/self/cmdline')).toEqual({ bytes: readFileSync('/proc/self/cmdline') });
  });

  it('an empty file is read as no bytes', () => {
    const file = join(tempDir('k3scc-input-'), 'c.yaml');
    writeFileSync(file, '');
    expect(readInputFile(file)).toEqual({ bytes: Buffer.alloc(0) });
  });
});

describe('loading a cluster file\'s text', () => {
  const homelab = readFileSync(join(ROOT, 'test/fixtures/clusters/homelab.yaml'), 'utf8');
  it('a valid cluster: resolved, and no errors', () => {
    const loaded = loadClusterText('c.yaml', homelab);
    expect(loaded.file).toBe('c.yaml');
    expect(loaded.cluster?.name).toBe('homelab');
    expect(loaded.resolved).toBe(loaded.cluster);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a check refuses it: no cluster, but the resolved one for the review', () => {
    const loaded = loadClusterText('c.yaml', readFileSync(join(ROOT, 'test/fixtures/invalid/api-agent-ip.yaml'), 'utf8'));
    expect(loaded.cluster).toBeUndefined();
    expect(loaded.resolved?.nodes.length).toBeGreaterThan(0);
    expect(loaded.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('a YAML or shape finding: nothing resolved', () => {
    expect(loadClusterText('c.yaml', 'name: [')).toEqual({ file: 'c.yaml', diagnostics: [expect.objectContaining({ message: expect.stringMatching(/^invalid YAML/) })] });
    expect(loadClusterText('c.yaml', 'name: lab\nextra: 1\n')).toEqual({ file: 'c.yaml', diagnostics: expect.arrayContaining([expect.objectContaining({ path: 'extra' })]) });
    expect(parseClusterText('name: lab\nextra: 1\n').spec).toBeUndefined();
  });
});
