/** The one command scaffold: help, usage errors, named exit codes, and no stack trace for a user's mistake or an I/O error. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { command, CommandError, EXIT } from '../../src/cli/command.js';
import { UsageError } from '../../src/cli/io.js';
import { LockHeldError } from '../../src/write/tree.js';

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
