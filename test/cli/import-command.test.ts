/**
 * The import command's own rules, read whole: its usage, --set's VAR=value, the refusal count, where
 * the file and the report go, the findings of a written file and its exit code, --verify of a file
 * that cannot be rendered, and a file in the way. What import reads is test/import's.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../src/cli/cmds/import.js';
import { ROOT, tempDir } from '../helpers.js';

/** The usage, as --help prints it (test/snapshots/cli/import-usage.txt, read whole). */
function usage(): string {
  return readFileSync(join(ROOT, 'test/snapshots/cli/import-usage.txt'), 'utf8');
}

const VALUES = 'k8sServiceHost: 192.168.1.10\nkubeProxyReplacement: true\n';
/** A pool the checks refuse (host bits set): import writes it, and says synth would refuse it. */
const POOL = 'apiVersion: cilium.io/v2alpha1\nkind: CiliumLoadBalancerIPPool\nmetadata:\n  name: p\nspec:\n  blocks:\n    - cidr: 192.168.1.100/28\n';

function input(text: string, name = 'values.yaml'): string {
  const file = join(tempDir('k3s-cilium-import-cli-'), name);
  writeFileSync(file, text);
  return file;
}

function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runImport(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

describe('import', () => {
  it('prints its usage whole for --help', async () => {
    const r = run('--help');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    await expect(r.stdout).toMatchFileSnapshot('../snapshots/cli/import-usage.txt');
  });

  it.each([
    [[], 'name the files or directories of your setup'],
    [['--set', 'NOVALUE'], '--set NOVALUE: write VAR=value'],
    [['--set', '1VAR=x'], '--set 1VAR=x: write VAR=value'],
    [['--set', 'A-B=x'], '--set A-B=x: write VAR=value'],
    [['--set', '=x'], '--set =x: write VAR=value'],
    [['--set', ' A=x'], '--set  A=x: write VAR=value'],
  ])('refuses %j as a usage error (exit 2), writing nothing', (argv, problem) => {
    const args = argv.length === 0 ? [] : [input(VALUES), ...argv, '--out', '-'];
    expect(run(...args)).toEqual({ code: 2, stdout: '', stderr: `import: ${problem}\n${usage()}` });
  });

  it('takes a --set name of letters, digits and underscores not starting with a digit, and any value, empty or of several lines', () => {
    const flux = input('k8sServiceHost: ${HOST}\nkubeProxyReplacement: true\n');
    for (const set of ['HOST=192.168.1.10', '_x1=a', 'A=', 'B=two\nlines']) {
      expect(run(flux, '--set', 'HOST=192.168.1.10', '--set', set, '--name', 'lab', '--out', '-').code, set).toBe(0);
    }
    expect(run(flux, '--set', 'HOST=192.168.1.10', '--name', 'lab', '--out', '-').stdout).toContain('host: 192.168.1.10');
  });

  it('counts its refusals, in the singular and the plural, and writes nothing', () => {
    const out = join(tempDir('k3s-cilium-import-cli-'), 'lab.yaml');
    const one = run(input('k8sServiceHost: "{{ .Values.a }}"\n'), '--out', out);
    expect(one.code).toBe(1);
    expect(one.stderr.split('\n').slice(-2)).toEqual(['import: 1 problem; nothing was written', '']);
    const two = run(input('k8sServiceHost: "{{ .Values.a }}"\nk8sServicePort: "{{ .Values.b }}"\n'), '--out', out);
    expect(two.stderr.split('\n').slice(-2)).toEqual(['import: 2 problems; nothing was written', '']);
    expect(two.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('writes the file, says so on stderr and prints the report on stdout (exit 0)', () => {
    const values = input(VALUES);
    const out = join(tempDir('k3s-cilium-import-cli-'), 'deep', 'lab.yaml');
    const r = run(values, '--name', 'lab', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`import: wrote ${out}\n`);
    expect(r.stdout).toMatch(new RegExp(`^${values.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Helm values\n  k8sServiceHost = 192\\.168\\.1\\.10  → k3s\\.apiServer\\.host\n`));
    expect(readFileSync(out, 'utf8')).toBe(run(values, '--name', 'lab', '--out', '-').stdout);
  });

  it('exits 1 for a written file synth would refuse, naming the file with each finding; --verify says it cannot render it', () => {
    const out = join(tempDir('k3s-cilium-import-cli-'), 'lab.yaml');
    const r = run(input(POOL), '--name', 'lab', '--out', out);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(true);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`import: wrote ${out}`);
    expect(lines[1]).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: loadBalancer\\.pools\\[0\\]\\.blocks\\[0\\]\\.cidr: 192\\.168\\.1\\.100/28 has host bits set`));
    expect(lines.slice(-2)).toEqual(['import: the imported setup has mistakes (above); the cluster file says what synth reports', '']);
    const verified = run(input(POOL), '--name', 'lab', '--out', '-', '--verify');
    expect(verified.code).toBe(1);
    expect(verified.stderr.split('\n').slice(-3)).toEqual([
      'import: the imported setup has mistakes (above); the cluster file says what synth reports',
      'verify: the imported file has errors (above), so it cannot be rendered',
      '',
    ]);
  });

  it('says whole that the file exists (exit 1); a file in the way of its folder is one I/O line (exit 3), --force or not', () => {
    const dir = tempDir('k3s-cilium-import-cli-');
    const out = join(dir, 'lab.yaml');
    writeFileSync(out, 'mine\n');
    const exists = run(input(VALUES), '--name', 'lab', '--out', out);
    expect(exists.code).toBe(1);
    expect(exists.stderr.split('\n').slice(-2)).toEqual([`import: ${out} exists; nothing was written. Choose another --out, or pass --force to replace it.`, '']);
    // A file in the way of the folder is no "exists" (--force would not help): one I/O line, exit 3, with or without --force.
    for (const force of [[], ['--force']]) {
      const blocked = run(input(VALUES), '--name', 'lab', '--out', join(out, 'lab.yaml'), ...force);
      expect(blocked.code).toBe(3);
      expect(blocked.stderr).toMatch(new RegExp(`^import: cannot create directory ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*; nothing was written\n$`));
    }
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
  });
});
