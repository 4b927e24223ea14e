/** `diff`: two git revisions (or the working tree, or two directories), exit codes, and invalid files named with their revision. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { HOMELAB, readProjectFile, tempDir } from '../helpers.js';
import { diffIn } from './run.js';

const homelab = readProjectFile(HOMELAB);
const shrunk = homelab.replace('start: 192.168.1.100, stop: 192.168.1.115', 'start: 192.168.1.102, stop: 192.168.1.115');
const grown = homelab.replace('stop: 192.168.1.115', 'stop: 192.168.1.120');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A git repository whose first commit holds `base` as clusters/home.yaml. */
function repo(base: string): string {
  const dir = tempDir('k3s-cilium-diff-');
  made.push(dir);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  mkdirSync(join(dir, 'clusters'));
  writeFileSync(join(dir, 'clusters/home.yaml'), base);
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'base');
  return dir;
}

const diff = diffIn;

describe('diff', () => {
  it('says there is no change and exits 0 when nothing changed', () => {
    const r = diff(repo(homelab), 'main', '--fail-on', 'breaking');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('## Network change review: `main` → `working tree`\n\nNo change: every cluster renders the same network in both.\n');
  });

  it('names the pinned Service and its address when a shrunk pool drops them, and exits 1 under --fail-on breaking', async () => {
    const dir = repo(homelab);
    writeFileSync(join(dir, 'clusters/home.yaml'), shrunk);
    const r = diff(dir, 'main', '--fail-on', 'breaking');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('- Pool `default-pool` loses 2 addresses (192.168.1.100–192.168.1.101); they leave every pool.');
    expect(r.stdout).toContain('`default/my-service` is pinned to 192.168.1.101');
    // The shrunk file fails its checks (the pinned address left every pool): nothing deploys, so no checklist.
    expect(r.stdout).not.toContain('After the change is deployed');
    await expect(r.stdout).toMatchFileSnapshot('../snapshots/diff/shrink.md');
    expect(diff(dir, 'main').code).toBe(0);
    expect(diff(dir, 'main', '--fail-on', 'restart').code).toBe(1);
  });

  it('is the example the README shows', () => {
    const shown = readProjectFile('README.md').split('````markdown\n')[1]?.split('````')[0];
    expect(shown).toBe(readProjectFile('test/snapshots/diff/shrink.md'));
  });

  it('shows a grown pool as safe with its new range, and exits 0 under --fail-on breaking', async () => {
    const dir = repo(homelab);
    writeFileSync(join(dir, 'clusters/home.yaml'), grown);
    const r = diff(dir, 'main', '--fail-on', 'breaking');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| default-pool | 192.168.1.100–192.168.1.115 | 192.168.1.100–192.168.1.120 | 16 → 21 | L2 → L2 |');
    await expect(r.stdout).toMatchFileSnapshot('../snapshots/diff/grow.md');
    expect(diff(dir, 'main', '--fail-on', 'restart').code).toBe(0);
  });

  it('compares two commits, and two directories', () => {
    const dir = repo(homelab);
    writeFileSync(join(dir, 'clusters/home.yaml'), grown);
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'grow'], { cwd: dir });
    expect(diff(dir, 'main~1', 'main').stdout).toContain('`main~1` → `main`');
    const other = tempDir('k3s-cilium-diff-dir-');
    made.push(other);
    writeFileSync(join(other, 'homelab.yaml'), shrunk);
    const r = diff(dir, join(dir, 'clusters'), other, '--format', 'json');
    expect(JSON.parse(r.stdout).summary).toEqual({ breaking: 2, restart: 0, safe: 0 });
  });

  it('reports clusters added and removed', () => {
    const dir = repo(homelab);
    writeFileSync(join(dir, 'clusters/office.yaml'), homelab.replace('name: homelab', 'name: office'));
    const r = diff(dir, 'main');
    expect(r.stdout).toContain('### office (added)');
    const back = diff(dir, join(dir, 'clusters'), 'main');
    expect(back.stdout).toContain('### office (removed)');
    expect(back.stdout).toContain('Cluster `office` is removed');
  });

  it('reviews a fix of a base it cannot read, naming the file with its revision; an unreadable head exits 1 whatever --fail-on says', () => {
    const dir = repo(homelab.replace('bandwidthManager:', 'bandwithManager:'));
    writeFileSync(join(dir, 'clusters/home.yaml'), homelab);
    const r = diff(dir, 'main', '--fail-on', 'breaking');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('**Base has problems');
    expect(r.stdout).toContain('- `main:clusters/home.yaml: cilium.bandwithManager: unknown key "bandwithManager". Did you mean "bandwidthManager"?`');
    expect(r.stdout).toContain('### homelab (added)');
    const back = diff(dir, join(dir, 'clusters'), 'main');
    expect(back.code).toBe(1);
    expect(back.stdout).toContain('**Head has problems');
    expect(back.stdout).toContain('### homelab (removed)');
  });

  it('refuses a --config that matches no file in either revision (exit 2 at every --fail-on), and reviews a working tree without clusters/', () => {
    const dir = repo(homelab);
    for (const failOn of ['never', 'restart', 'breaking']) {
      const r = diff(dir, 'HEAD', 'HEAD', '--config', 'nope/', '--fail-on', failOn);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('--config nope/: no cluster file (*.yaml, *.yml) there in HEAD or in HEAD');
    }
    expect(diff(dir, 'main', '--config', 'nope').code).toBe(2);
    rmSync(join(dir, 'clusters'), { recursive: true });
    const gone = diff(dir, 'main', '--fail-on', 'breaking');
    expect(gone.code).toBe(1);
    expect(gone.stdout).toContain('Cluster `homelab` is removed');
  });

  it('exits 2 with the usage for a bad option or an unknown revision', () => {
    const dir = repo(homelab);
    expect(diff(dir, 'main', '--fail-on', 'sometimes').code).toBe(2);
    const r = diff(dir, 'no-such-branch');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-branch is neither a git revision nor a file or directory\n');
  });

  it('says why a revision is missing: a shallow clone, a branch only on the remote, no repository', () => {
    const origin = repo(homelab);
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'ignore' });
    writeFileSync(join(origin, 'clusters/home.yaml'), grown);
    git(origin, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'grown');
    git(origin, 'checkout', '-qb', 'feature');
    // As actions/checkout leaves a pull request: one commit deep, the base branch not fetched.
    const shallow = join(tempDir('k3s-cilium-diff-'), 'shallow');
    git(origin, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, shallow);
    for (const rev of ['HEAD~1', 'main']) {
      expect(diff(shallow, rev).stderr).toContain(`diff: ${rev} is neither a git revision nor a file or directory; this clone is shallow, so older commits `
        + 'are missing: fetch them (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)\n');
    }
    const full = join(tempDir('k3s-cilium-diff-'), 'full');
    git(origin, 'clone', '-q', '--branch', 'feature', origin, full);
    const r = diff(full, 'main');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('diff: main is neither a git revision nor a file or directory; did you mean origin/main? '
      + 'This clone has that branch only as a remote-tracking branch\n');
    expect(diff(full, 'origin/main').code).toBe(0);
    const outside = tempDir('k3s-cilium-diff-');
    expect(diff(outside, 'HEAD').stderr).toContain('diff: HEAD is neither a git revision nor a file or directory; this directory is not in a git repository (or git is not installed)\n');
  });
});

/** One kind of change: the cluster file it starts from, the edit, and the exit codes under `--fail-on breaking` and `--fail-on restart`. */
interface Kind {
  readonly name: string;
  readonly file: string;
  readonly edit: (doc: ReturnType<typeof parseDocument>) => void;
  readonly breaking: 0 | 1;
  readonly restart: 0 | 1;
}

const KINDS: readonly Kind[] = [
  { name: 'pool-removed', file: HOMELAB, edit: (d) => d.deleteIn(['loadBalancer', 'pools', 1]), breaking: 1, restart: 1 },
  { name: 'pinned-ip-changed', file: HOMELAB, edit: (d) => d.setIn(['loadBalancer', 'reservations', 0, 'ip'], '192.168.1.110'), breaking: 1, restart: 1 },
  { name: 'l2-announcer-stops', file: 'test/fixtures/examples/ha-l2.yaml', edit: (d) => d.setIn(['nodes', 4, 'labels', 'l2-announcer'], 'false'), breaking: 1, restart: 1 },
  { name: 'l2-interfaces-changed', file: 'test/fixtures/examples/ha-l2.yaml', edit: (d) => d.setIn(['loadBalancer', 'l2', 'policies', 0, 'interfaces'], ['^ens[0-9]+']), breaking: 1, restart: 1 },
  { name: 'bgp-peer-removed', file: 'test/fixtures/examples/bgp-tor.yaml', edit: (d) => d.deleteIn(['loadBalancer', 'bgp', 'peers', 1]), breaking: 1, restart: 1 },
  { name: 'bgp-local-asn', file: 'test/fixtures/examples/bgp-tor.yaml', edit: (d) => d.setIn(['loadBalancer', 'bgp', 'localASN'], 65011), breaking: 1, restart: 1 },
  { name: 'k3s-service-cidr', file: HOMELAB, edit: (d) => d.setIn(['k3s', 'serviceCidr'], '10.96.0.0/16'), breaking: 1, restart: 1 },
  { name: 'cilium-downgrade', file: HOMELAB, edit: (d) => d.setIn(['cilium', 'version'], '1.18.10'), breaking: 1, restart: 1 },
  { name: 'cilium-patch-upgrade', file: HOMELAB, edit: (d) => d.setIn(['cilium', 'version'], '1.20.3'), breaking: 0, restart: 1 },
  { name: 'helm-value-config', file: HOMELAB, edit: (d) => d.setIn(['cilium', 'bandwidthManager'], false), breaking: 0, restart: 1 },
  { name: 'k3s-node-config', file: 'test/fixtures/examples/ha-l2.yaml', edit: (d) => d.setIn(['nodes', 3, 'kubeletArgs'], ['max-pods=200']), breaking: 0, restart: 1 },
  { name: 'k3s-server-config', file: 'test/fixtures/examples/ha-l2.yaml', edit: (d) => d.setIn(['k3s', 'disable'], ['traefik', 'metrics-server']), breaking: 0, restart: 1 },
  {
    name: 'pool-added', file: HOMELAB, edit: (d) => d.addIn(['loadBalancer', 'pools'], { name: 'extra', blocks: [{ cidr: '192.168.1.128/29' }] }), breaking: 0, restart: 0,
  },
  { name: 'reservation-added', file: HOMELAB, edit: (d) => d.addIn(['loadBalancer', 'reservations'], { service: 'default/dns', ip: '192.168.1.105' }), breaking: 0, restart: 0 },
  { name: 'node-added', file: 'test/fixtures/examples/ha-l2.yaml', edit: (d) => d.addIn(['nodes'], { name: 'worker-3', role: 'agent', address: '192.168.10.23/24' }), breaking: 0, restart: 0 },
];

describe('diff in a git repository, for each kind of change', () => {
  it.each(KINDS)('$name: the exact review, and the --fail-on exit codes', async (kind) => {
    const base = readProjectFile(kind.file);
    const doc = parseDocument(base);
    kind.edit(doc);
    const dir = repo(base);
    writeFileSync(join(dir, 'clusters/home.yaml'), doc.toString());
    const r = diff(dir, 'main');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    await expect(r.stdout).toMatchFileSnapshot(`../snapshots/diff/kinds/${kind.name}.md`);
    expect([diff(dir, 'main', '--fail-on', 'breaking').code, diff(dir, 'main', '--fail-on', 'restart').code]).toEqual([kind.breaking, kind.restart]);
  });
});
