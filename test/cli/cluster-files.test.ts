/**
 * The cluster files a command reads: which names of a folder, in which order and shown how (names
 * that are not UTF-8 included), one file per cluster name, unreadable entries reported and skipped,
 * and the error count the commands print.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkClusters, clusterFiles, collectClusters, errorCount, loadClusters, reportFindings, resolveChecked,
} from '../../src/cli/cluster-files.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { error, warning } from '../../src/model/diagnostics.js';
import { HOMELAB, readProjectFile, tempDir } from '../helpers.js';

const homelab = readProjectFile(HOMELAB);
const renamed = (name: string) => homelab.replace('name: homelab', `name: ${name}`);

describe('clusterFiles', () => {
  it('is standard input for -, the file itself for a file, and refuses an empty --config', () => {
    const file = join(tempDir('k3s-cilium-files-'), 'c.yaml');
    writeFileSync(file, homelab);
    expect(clusterFiles('-')).toEqual(['-']);
    expect(clusterFiles(file)).toEqual([file]);
    expect(() => clusterFiles('')).toThrow('--config is empty: give a cluster file, a directory of them, or - for standard input');
  });

  it('sorts a folder\'s names by their bytes and shows a name that is not UTF-8 with \\xNN for each byte from 0x80, reading it by its bytes', () => {
    const dir = tempDir('k3s-cilium-files-');
    const odd = Buffer.concat([Buffer.from('c'), Buffer.from([0x80, 0xff]), Buffer.from('.yaml')]);
    writeFileSync(join(dir, 'a.yaml'), renamed('lower'));
    writeFileSync(join(dir, 'é.yaml'), renamed('accent'));
    writeFileSync(join(dir, 'B.yml'), renamed('upper'));
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), odd]), renamed('odd'));
    const files = clusterFiles(dir);
    expect(files).toEqual([join(dir, 'B.yml'), join(dir, 'a.yaml'), join(dir, 'c\\x80\\xff.yaml'), join(dir, 'é.yaml')]);
    const loaded = loadClusters(files);
    expect(loaded.findings).toEqual([]);
    expect(loaded.clusters.map((c) => [c.file, c.cluster.name])).toEqual([
      [files[0], 'upper'], [files[1], 'lower'], [files[2], 'odd'], [files[3], 'accent'],
    ]);
    const checked = checkClusters(files);
    expect(checked.findings).toEqual([]);
    expect(checked.clusters.map((c) => [c.file, c.name])).toEqual(loaded.clusters.map((c) => [c.file, c.cluster.name]));
  });
});

describe('one file per cluster name', () => {
  it('keeps the first file of a name and refuses every later one, naming the first', () => {
    const dir = tempDir('k3s-cilium-files-');
    for (const name of ['a.yaml', 'b.yaml', 'c.yaml']) writeFileSync(join(dir, name), homelab);
    const finding = (file: string) => ({
      file: join(dir, file),
      d: error('name', `cluster name "homelab" is already used by ${join(dir, 'a.yaml')}`, 'Give every cluster file its own name: it names the output directory.'),
    });
    const loaded = loadClusters(clusterFiles(dir));
    expect(loaded.clusters.map((c) => c.file)).toEqual([join(dir, 'a.yaml')]);
    expect(loaded.findings).toEqual([finding('b.yaml'), finding('c.yaml')]);
    const checked = checkClusters(clusterFiles(dir));
    expect(checked.clusters.map((c) => c.file)).toEqual([join(dir, 'a.yaml')]);
    expect(checked.findings).toEqual([finding('b.yaml'), finding('c.yaml')]);
  });
});

describe('checkClusters', () => {
  it('reports an entry it cannot read with its file, and checks the rest', () => {
    const dir = tempDir('k3s-cilium-files-');
    mkdirSync(join(dir, 'a.yaml'));
    writeFileSync(join(dir, 'b.yaml'), homelab);
    const { clusters, findings } = checkClusters(clusterFiles(dir));
    expect(findings).toEqual([{ file: join(dir, 'a.yaml'), d: error('', 'a folder, not a regular file', 'Give a cluster file; to read standard input, give --config -.') }]);
    expect(clusters).toEqual([{ file: join(dir, 'b.yaml'), name: 'homelab', bytes: Buffer.from(homelab), diagnostics: [] }]);
    expect(resolveChecked(clusters[0]).cluster).toEqual(loadClusters([join(dir, 'b.yaml')]).clusters[0].cluster);
  });
});

describe('collectClusters', () => {
  it('drops a cluster the checks refuse, unless asked to keep it (the review compares it)', () => {
    const refused = loadClusterText('r.yaml', homelab.replace('rpFilter: 0', 'rpFilter: 1'));
    const fine = loadClusterText('f.yaml', renamed('fine'));
    expect(collectClusters([refused, fine]).clusters.map((c) => c.file)).toEqual(['f.yaml']);
    const kept = collectClusters([refused, fine], { refused: true });
    expect(kept.clusters.map((c) => [c.file, c.cluster.name])).toEqual([['r.yaml', 'homelab'], ['f.yaml', 'fine']]);
    expect(kept.clusters[0].diagnostics).toBe(refused.diagnostics);
    expect(kept.findings.map((f) => f.file)).toEqual(['r.yaml']);
  });
});

describe('reportFindings and errorCount', () => {
  it('prints every finding with its file and counts only the errors', () => {
    const lines: string[] = [];
    const n = reportFindings([
      { file: 'a.yaml', d: error('name', 'bad', 'Fix it.') },
      { file: 'b.yaml', d: warning('k3s', 'odd') },
      { file: 'c.yaml', d: error('', 'worse') },
    ], (t) => lines.push(t));
    expect(n).toBe(2);
    expect(lines).toEqual(['a.yaml: name: bad. Fix it.\n', 'b.yaml: k3s: warning: odd.\n', 'c.yaml: worse.\n']);
    expect(reportFindings([{ file: 'b.yaml', d: warning('k3s', 'odd') }], () => {})).toBe(0);
  });

  it('says 1 error, and errors for any other number', () => {
    expect([0, 1, 2, 11].map(errorCount)).toEqual(['0 errors', '1 error', '2 errors', '11 errors']);
  });
});
