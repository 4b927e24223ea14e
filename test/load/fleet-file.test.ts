/**
 * fleet.yaml beyond its schema (src/load/fleet-file.ts): every finding whole (path, problem, fix),
 * the fleet kept under a warning and dropped under an error, and which repository URLs are placeholders.
 */
import { describe, expect, it } from 'vitest';
import { isPlaceholderRepoURL, loadFleetText } from '../../src/load/fleet-file.js';

const REAL = 'https://git.home.arpa/infra/gitops.git';
const fleetText = (repoURL: string, clusters: string[]) => `repoURL: ${repoURL}\nclusters: { ${clusters.map((c) => `${c}: { destination: { name: ${c} } }`).join(', ')} }\n`;

describe('what the schema cannot see', () => {
  it('a fleet with known clusters and a real repository has no findings', () => {
    expect(loadFleetText('fleet.yaml', fleetText(REAL, ['lab']), ['lab', 'edge'])).toEqual({
      file: 'fleet.yaml', fleet: { repoURL: REAL, clusters: { lab: { destination: { name: 'lab' } } } }, diagnostics: [],
    });
  });

  it('a placeholder repoURL is a warning: the fleet is kept', () => {
    const url = 'https://github.com/example/gitops.git';
    expect(loadFleetText('fleet.yaml', fleetText(url, ['lab']), ['lab'])).toEqual({
      file: 'fleet.yaml',
      fleet: { repoURL: url, clusters: { lab: { destination: { name: 'lab' } } } },
      diagnostics: [{
        severity: 'warning', path: 'repoURL', message: `${url} is a placeholder, so Argo CD would read a repository that is not yours`,
        fix: 'Set repoURL to the Git repository Argo CD reads (the one dist/ is committed to), and targetRevision to its branch.',
      }],
    });
  });

  it('a cluster entry without a cluster names the clusters there are (or none)', () => {
    const unknown = (names: string[]) => loadFleetText('fleet.yaml', fleetText(REAL, ['lab', 'old']), names);
    const finding = (name: string, list: string) => ({
      severity: 'error', path: `clusters.${name}`, message: `no cluster is named "${name}" (a cluster's name is the \`name\` in its file)`,
      fix: `Cluster names: ${list}; if the cluster was renamed, rename this key too, else remove it.`,
    });
    expect(unknown(['lab', 'edge'])).toEqual({ file: 'fleet.yaml', diagnostics: [finding('old', 'lab, edge')] });
    expect(unknown([]).diagnostics).toEqual([finding('lab', 'none'), finding('old', 'none')]);
  });

  it('a fleet without clusters needs none', () => {
    expect(loadFleetText('fleet.yaml', `repoURL: ${REAL}\n`, []).diagnostics).toEqual([]);
  });

  it('a cluster named like the Applications\' directory is refused', () => {
    expect(loadFleetText('fleet.yaml', fleetText(REAL, ['argocd']), ['argocd'])).toEqual({
      file: 'fleet.yaml',
      diagnostics: [{ severity: 'error', path: '', message: 'a cluster is named "argocd", the directory of the Argo CD Applications', fix: 'Rename that cluster.' }],
    });
  });

  it('a schema finding stops there: no fleet', () => {
    const loaded = loadFleetText('fleet.yaml', 'repoURL: 1\n', []);
    expect(loaded.fleet).toBeUndefined();
    expect(loaded.diagnostics.map((d) => d.path)).toEqual(['repoURL']);
  });
});

describe('placeholder repository URLs', () => {
  it.each([
    'https://example.com/x.git', 'https://example.net/x.git', 'https://example.org/x.git', 'https://git.example.org/x.git', 'https://example.com./x.git',
    'https://git.example/x.git', 'https://x.invalid/x.git', 'https://example/x.git', 'HTTPS://EXAMPLE.COM/X', 'https://user:pw@example.com/x.git',
    'git@example.com:x.git', 'ssh://git@example.org:22/x.git', 'git+ssh://example.net/x', 'example.com/x', 'https://www.github.com/example/x',
    'https://gitlab.com/example', 'git@github.com:Example/x.git', 'https://github.com/example', 'https://example.com', 'example.com',
  ])('%s is a placeholder', (url) => expect(isPlaceholderRepoURL(url)).toBe(true));

  it.each([
    'https://example.com.evil.io/x.git', 'https://notexample.com/x.git', 'https://example.co/x.git', 'https://example.invalid.org/x', 'https://my.examples/x',
    'https://github.com/examples/x.git', 'https://github.com/me/example', 'https://github.io/example/x', 'https://mygithub.com/example/x',
    'https://github.com.evil/example/x', 'https://codeberg.org/example/x', 'https://gitlab.example.co/x', '', '/', 'git@git.home.arpa:example/x.git', '/example.com/x',
  ])('%s is not', (url) => expect(isPlaceholderRepoURL(url)).toBe(false));
});
