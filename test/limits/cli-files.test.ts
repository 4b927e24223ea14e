/**
 * The CLI's file handling at its edges: which names of a `--config` folder are cluster files (`.yaml`
 * and `.yml`, nothing else), and the file-size limit on the read itself (the size a file has, then
 * the bytes read: at the limit read, one byte more refused).
 */
import { copyFileSync, mkdirSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterFiles } from '../../src/cli/cluster-files.js';
import { runSynth } from '../../src/cli/cmds/synth.js';
import { readInputFile } from '../../src/load/cluster-file.js';
import { YAML_LIMITS } from '../../src/load/yaml-limits.js';
import { HOMELAB, ROOT, tempDir } from '../helpers.js';

const temp = () => tempDir('k3s-cilium-cli-files-');

describe('--config <folder>', () => {
  it('reads .yaml and .yml files, sorted by name, and nothing else', () => {
    const dir = temp();
    for (const name of ['b.yml', 'a.yaml', 'c.yaml.bak', 'd.txt', 'e.yml~', 'yaml', '.yml-notes']) writeFileSync(join(dir, name), 'x: 1\n');
    expect(clusterFiles(dir).map((f) => f.slice(dir.length + 1))).toEqual(['a.yaml', 'b.yml']);
  });

  it('a folder with one .yml cluster file synthesizes it', () => {
    const dir = temp();
    const config = join(dir, 'clusters');
    mkdirSync(config);
    copyFileSync(join(ROOT, HOMELAB), join(config, 'homelab.yml'));
    let err = '';
    const code = runSynth(['--config', config, '--out', join(dir, 'dist')], { stdout: () => {}, stderr: (t) => { err += t; } });
    expect(err).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'dist'))).toContain('homelab');
  });

  it('a folder with no cluster file is a usage error naming the folder', () => {
    const dir = temp();
    writeFileSync(join(dir, 'notes.txt'), '');
    expect(() => clusterFiles(dir)).toThrow(`--config ${dir}: no cluster files (*.yaml, *.yml) in this directory`);
  });
});

describe('the file-size limit on the read', () => {
  it('a file of exactly the limit is read; one byte more is refused before it is read', () => {
    const dir = temp();
    const file = join(dir, 'big.yaml');
    writeFileSync(file, '');
    truncateSync(file, YAML_LIMITS.maxBytes);
    const read = readInputFile(file);
    expect('bytes' in read && read.bytes.length).toBe(YAML_LIMITS.maxBytes);
    truncateSync(file, YAML_LIMITS.maxBytes + 1);
    expect(readInputFile(file)).toEqual({ diagnostics: [expect.objectContaining({ message: 'the file is 33,554,433 bytes; the limit is 33,554,432 bytes' })] });
  });
});
