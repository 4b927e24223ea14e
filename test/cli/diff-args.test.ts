/**
 * `diff` on two directories or files (no git repository): its usage and every usage error read whole,
 * which names of a directory it reads, the JSON format, and the exit code at each --fail-on level.
 * The git revisions are test/cli/diff.test.ts's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOMELAB, readProjectFile, tempDir } from '../helpers.js';
import { diffIn } from './run.js';

const homelab = readProjectFile(HOMELAB);
/** A change that restarts Cilium's agents and breaks nothing (a Helm value of the ConfigMap). */
const restartOnly = homelab.replace('bandwidthManager: true', 'bandwidthManager: false');
/** A change that drops announced addresses. */
const shrunk = homelab.replace('start: 192.168.1.100, stop: 192.168.1.115', 'start: 192.168.1.102, stop: 192.168.1.115');

const USAGE = `usage: k3s-cilium-cdk8s diff <base> [<head>] [--config <dir|file>] [--format markdown|json] [--fail-on breaking|restart|never]
  <base>, <head>  git revisions of the repository here (head: the working tree), or two directories (or files) of cluster files
  --config        where the cluster files are in a revision and in the working tree (default: clusters/)
  --format        markdown (default, for a pull-request comment) or json
  --fail-on       exit 1 when a change of this level or above is found (default: never)
Prints the review on stdout. Exit codes: 0 nothing at the --fail-on level; 1 something is, or a cluster file cannot be read; 2 usage error.
`;

/** A folder outside any git repository, holding `files`. */
function folder(files: Record<string, string>): string {
  const dir = tempDir('k3s-cilium-diff-args-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const diff = diffIn;

describe('diff of two directories', () => {
  it('prints its usage whole for --help', () => {
    expect(diff(folder({}), '--help')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });

  it.each([
    [['a', 'b', '--format', 'xml'], '--format xml: use markdown or json'],
    [['a', 'b', '--fail-on', 'sometimes'], '--fail-on sometimes: use breaking, restart or never'],
    [['a', 'b', '--fail-on', 'safe'], '--fail-on safe: use breaking, restart or never'],
    [[], 'give the base revision (or directory), and optionally the head'],
    [['a', 'b', 'c'], 'give the base revision (or directory), and optionally the head'],
    [['nope'], 'nope is neither a git revision nor a file or directory; this directory is not in a git repository (or git is not installed)'],
  ])('refuses %j with its usage (exit 2, nothing on stdout)', (argv, problem) => {
    const cwd = folder({});
    mkdirSync(join(cwd, 'a'));
    mkdirSync(join(cwd, 'b'));
    writeFileSync(join(cwd, 'a', 'home.yaml'), homelab);
    writeFileSync(join(cwd, 'b', 'home.yaml'), homelab);
    expect(diff(cwd, ...argv)).toEqual({ code: 2, stdout: '', stderr: `diff: ${problem}\n${USAGE}` });
  });

  it('exits 1 when a change reaches the --fail-on level (restart counts breaking too), never with never (the default)', () => {
    const base = folder({ 'home.yaml': homelab });
    const head = folder({ 'home.yaml': restartOnly });
    const codes = (h: string) => ['never', 'restart', 'breaking', undefined].map((level) => diff(base, base, h, ...(level ? ['--fail-on', level] : [])).code);
    expect(codes(head)).toEqual([0, 1, 0, 0]);
    expect(codes(folder({ 'home.yaml': shrunk }))).toEqual([0, 1, 1, 0]);
    expect(codes(folder({ 'home.yaml': homelab }))).toEqual([0, 0, 0, 0]);
  });

  it('prints JSON with --format json, the same review as the markdown', () => {
    const base = folder({ 'home.yaml': homelab });
    const head = folder({ 'home.yaml': restartOnly });
    const json = JSON.parse(diff(base, base, head, '--format', 'json').stdout);
    expect(json.summary).toEqual({ breaking: 0, restart: 1, safe: 0 });
    expect(json.base).toBe(base);
    expect(json.head).toBe(head);
    expect(diff(base, base, head, '--format', 'markdown').stdout).toBe(diff(base, base, head).stdout);
    expect(diff(base, base, head).stdout).toMatch(new RegExp(`^## Network change review: \`${base}\` → \`${head}\`\n`));
  });

  it('reads the .yaml and .yml files of a directory only, and one file as itself', () => {
    const base = folder({ 'home.yml': homelab, 'notes.txt': 'not yaml', 'home.yaml.bak': shrunk });
    const head = folder({ 'home.yml': homelab });
    expect(diff(base, base, head).stdout).toContain('No change: every cluster renders the same network in both.');
    const file = join(folder({ 'x.yaml': shrunk }), 'x.yaml');
    expect(diff(base, join(base, 'home.yml'), file, '--fail-on', 'breaking').code).toBe(1);
  });

  it('exits 1 for a head file it cannot read, at every --fail-on, and lists a base\'s problems without failing', () => {
    const good = folder({ 'home.yaml': homelab });
    const broken = folder({ 'home.yaml': 'name: [unclosed\n' });
    for (const level of ['never', 'restart', 'breaking']) expect(diff(good, good, broken, '--fail-on', level).code, level).toBe(1);
    const fixed = diff(good, broken, good, '--fail-on', 'breaking');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('**Base has problems');
    expect(fixed.stdout).toContain(`- \`${join(broken, 'home.yaml')}: line 2, column 1: invalid YAML: `);
    expect(fixed.stdout).toContain('### homelab (added)');
  });
});
