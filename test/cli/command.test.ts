/** The one command scaffold: help, usage errors, named exit codes, and no stack trace for a user's mistake or an I/O error. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asyncCommand, command, CommandError, EXIT } from '../../src/cli/command.js';
import { type CliIo, UsageError } from '../../src/cli/io.js';
import { LockHeldError, OutputConflictError } from '../../src/write/tree.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const example = (body: () => number) => command({
  name: 'example', usage: (program) => `usage: ${program} [--flag]`, options: { flag: { type: 'boolean' } }, ioState: 'nothing changed', run: body,
});

function call(body: () => number, argv: string[] = []) {
  const io = { out: '', err: '', stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  const code = example(body)(argv, io);
  return { code, stdout: io.out, stderr: io.err };
}

describe('a command', () => {
  it('prints its usage for --help and -h (exit 0)', () => {
    expect(call(() => 9, ['--help'])).toEqual({ code: EXIT.OK, stdout: 'usage: k3s-cilium-cdk8s example [--flag]\n', stderr: '' });
    expect(call(() => 9, ['-h']).code).toBe(EXIT.OK);
  });

  it('exits 2 with the usage for an unknown option, a stray argument or a UsageError', () => {
    for (const r of [call(() => 0, ['--bogus']), call(() => 0, ['stray']), call(() => { throw new UsageError('--flag is wrong'); })]) {
      expect(r.code).toBe(EXIT.USAGE);
      expect(r.stderr).toMatch(/^example: .+\nusage: k3s-cilium-cdk8s example \[--flag\]\n$/);
    }
  });

  it('exits 3 in one line for an I/O error, naming the path, and for a held lock; a CommandError with its code', () => {
    const io = call(() => {
      readFileSync('/nonexistent/k3scc/file');
      return 0;
    });
    expect(io).toEqual({
      code: EXIT.IO, stdout: '',
      stderr: 'example: cannot open /nonexistent/k3scc/file: no such file or directory (removed meanwhile?) (ENOENT); '
        + 'make sure no other program deletes files under --out, and run again; nothing changed\n',
    });
    expect(call(() => { throw new LockHeldError('locked'); })).toMatchObject({ code: EXIT.IO, stderr: 'example: locked\n' });
    expect(call(() => { throw new CommandError('differs', EXIT.FOUND); })).toMatchObject({ code: EXIT.FOUND, stderr: 'example: differs\n' });
  });

  it('lets a bug through with its stack', () => {
    expect(() => example(() => { throw new TypeError('a bug'); })([], { stdout: () => {}, stderr: () => {} })).toThrow('a bug');
  });

  it('never prints a control character from user data', () => {
    const r = call(() => { throw new CommandError('name \u001b[2J here', EXIT.FOUND); });
    expect(r.stderr).toBe('example: name \\x1b[2J here\n');
  });
});

describe('the scaffold, read whole', () => {
  const capture = () => {
    const io = { out: '', err: '', stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
    return io;
  };
  const bare = (body: (io: CliIo, positionals: string[]) => number) => command({
    name: 'bare', usage: (program) => `usage: ${program} [x]`, options: { flag: { type: 'boolean' } }, positionals: true,
    run: ({ positionals }, io) => body(io, positionals),
  });

  it('exits 0 without running the command for --help among other arguments, and names the command as given', () => {
    const io = capture();
    let ran = false;
    expect(bare(() => { ran = true; return 9; })(['a', '--flag', '--help'], io, 'npm run bare --')).toBe(EXIT.OK);
    expect(ran).toBe(false);
    expect([io.out, io.err]).toEqual(['usage: npm run bare -- [x]\n', '']);
  });

  it('returns what the command returns, with its positional arguments', () => {
    const io = capture();
    expect(bare((_, positionals) => positionals.length * 10)(['a', 'b'], io)).toBe(20);
    expect([io.out, io.err]).toEqual(['', '']);
  });

  it('prints the usage after a CommandError only when its code is the usage code', () => {
    const io = capture();
    expect(bare(() => { throw new CommandError('wrong', EXIT.USAGE); })([], io)).toBe(EXIT.USAGE);
    expect(io.err).toBe('bare: wrong\nusage: k3s-cilium-cdk8s bare [x]\n');
    const other = capture();
    expect(bare(() => { throw new CommandError('gone', EXIT.IO); })([], other)).toBe(EXIT.IO);
    expect(other.err).toBe('bare: gone\n');
  });

  it('ends an I/O error line without a state when the command names none; a file in the way is exit 3 in one line', () => {
    const io = capture();
    expect(bare(() => { readFileSync('/nonexistent/k3scc/file'); return 0; })([], io)).toBe(EXIT.IO);
    expect(io.err).toBe('bare: cannot open /nonexistent/k3scc/file: no such file or directory (removed meanwhile?) (ENOENT); '
      + 'make sure no other program deletes files under --out, and run again\n');
    const conflict = capture();
    expect(bare(() => { throw new OutputConflictError('dist/x is a directory, not a file synth wrote; remove it'); })([], conflict)).toBe(EXIT.IO);
    expect(conflict.err).toBe('bare: dist/x is a directory, not a file synth wrote; remove it\n');
  });

  it('escapes control characters on stdout too, keeping newlines', () => {
    const io = capture();
    bare((out) => { out.stdout('a\u001b[2Jb\nc\r\n'); return 0; })([], io);
    expect(io.out).toBe('a\\x1b[2Jb\nc\\r\n');
  });

  it('refuses to run in a working directory that no longer exists (exit 3, one line), and still prints --help there', () => {
    vi.spyOn(process, 'cwd').mockImplementation(() => { throw Object.assign(new Error('uv_cwd'), { code: 'ENOENT' }); });
    let ran = false;
    const io = capture();
    expect(bare(() => { ran = true; return 0; })([], io)).toBe(EXIT.IO);
    expect(ran).toBe(false);
    expect([io.out, io.err]).toEqual(['', 'bare: the working directory no longer exists (it was removed or moved away); cd into an existing directory and run again\n']);
    const help = capture();
    expect(bare(() => 0)(['--help'], help)).toBe(EXIT.OK);
    expect(help.out).toBe('usage: k3s-cilium-cdk8s bare [x]\n');
  });
});

describe('a command that waits', () => {
  const waits = (body: () => Promise<number>) => asyncCommand({
    name: 'waits', usage: (program) => `usage: ${program}`, options: {}, ioState: 'the cache as it was', run: body,
  });
  const call = async (body: () => Promise<number>, argv: string[] = []) => {
    const io = { out: '', err: '', stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
    const code = await waits(body)(argv, io);
    return { code, stdout: io.out, stderr: io.err };
  };

  it('has the same help, usage errors, I/O lines and codes, and lets a bug through', async () => {
    expect(await call(async () => 9, ['-h'])).toEqual({ code: EXIT.OK, stdout: 'usage: k3s-cilium-cdk8s waits\n', stderr: '' });
    expect(await call(async () => 7)).toEqual({ code: 7, stdout: '', stderr: '' });
    expect(await call(async () => 0, ['--bogus'])).toMatchObject({
      code: EXIT.USAGE, stdout: '', stderr: expect.stringMatching(/^waits: Unknown option '--bogus'.*\nusage: k3s-cilium-cdk8s waits\n$/),
    });
    expect(await call(async () => { throw new UsageError('no subcommand'); })).toMatchObject({ code: EXIT.USAGE, stderr: 'waits: no subcommand\nusage: k3s-cilium-cdk8s waits\n' });
    expect(await call(async () => { readFileSync('/nonexistent/k3scc/file'); return 0; })).toMatchObject({
      code: EXIT.IO, stderr: expect.stringMatching(/^waits: cannot open \/nonexistent\/k3scc\/file: .*; the cache as it was\n$/),
    });
    expect(await call(async () => { throw new CommandError('refused', EXIT.FOUND); })).toMatchObject({ code: EXIT.FOUND, stderr: 'waits: refused\n' });
    await expect(call(async () => { throw new TypeError('a bug'); })).rejects.toThrow('a bug');
  });
});
