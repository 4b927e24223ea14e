/** The CLI's small rules of input and output: directory names with one slash, why a path is missing, usage errors, a closed stdout. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asDir, endQuietlyWhenStdoutCloses, isUsageError, missingReason, UsageError } from '../../src/cli/io.js';
import { tempDir } from '../helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('asDir', () => {
  it('ends a directory with exactly one slash', () => {
    expect(asDir('dist')).toBe('dist/');
    expect(asDir('dist/')).toBe('dist/');
    expect(asDir('/')).toBe('/');
  });
});

describe('missingReason', () => {
  it('names the nearest ancestor that is a file, at any depth', () => {
    const dir = tempDir('k3s-cilium-io-');
    const file = join(dir, 'f');
    writeFileSync(file, '');
    expect(missingReason(join(file, 'x.yaml'))).toBe(`${file} is a file, not a directory`);
    expect(missingReason(join(file, 'a', 'b', 'c.yaml'))).toBe(`${file} is a file, not a directory`);
  });

  it('is "no such file or directory" when every ancestor that exists is a directory', () => {
    const dir = tempDir('k3s-cilium-io-');
    mkdirSync(join(dir, 'sub'));
    expect(missingReason(join(dir, 'sub', 'x.yaml'))).toBe('no such file or directory');
    expect(missingReason(join(dir, 'none', 'deeper', 'x.yaml'))).toBe('no such file or directory');
    expect(missingReason('x.yaml')).toBe('no such file or directory');
    expect(missingReason('nonexistent-k3scc/x.yaml')).toBe('no such file or directory');
    expect(missingReason('/x.yaml')).toBe('no such file or directory');
  });
});

describe('isUsageError', () => {
  it('is true for ours and for every parseArgs error code, false for anything else', () => {
    expect(isUsageError(new UsageError('x'))).toBe(true);
    expect(isUsageError(Object.assign(new Error('x'), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }))).toBe(true);
    expect(isUsageError(Object.assign(new Error('x'), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' }))).toBe(true);
    expect(isUsageError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isUsageError(Object.assign(new Error('x'), { code: 'X_ERR_PARSE_ARGS' }))).toBe(false);
    expect(isUsageError(Object.assign(new Error('x'), { code: 7 }))).toBe(false);
    expect(isUsageError(new Error('ERR_PARSE_ARGS'))).toBe(false);
    expect(isUsageError(undefined)).toBe(false);
    expect(isUsageError(null)).toBe(false);
    expect(isUsageError('ERR_PARSE_ARGS_UNKNOWN_OPTION')).toBe(false);
  });
});

describe('a closed standard output (`… | head`)', () => {
  /** The listener endQuietlyWhenStdoutCloses adds (once per process; an earlier test file may have added it). */
  const ours = () => process.stdout.listeners('error').filter((l) => String(l).includes('EPIPE'));

  it('is listened for once however often it is asked; EPIPE ends the process quietly, any other error is thrown', () => {
    endQuietlyWhenStdoutCloses();
    endQuietlyWhenStdoutCloses();
    expect(ours()).toHaveLength(1);
    const listener = ours()[0] as (e: NodeJS.ErrnoException) => void;
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    listener(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exit).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith();
    const eio = Object.assign(new Error('write EIO'), { code: 'EIO' });
    expect(() => listener(eio)).toThrow(eio);
    expect(exit).toHaveBeenCalledTimes(1);
  });
});
