import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where a command prints: its results on stdout, every message on stderr. Tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const processIo: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

let pipeHandled = false;

/** A reader that stops early (`… plan | head`) closes stdout: end quietly instead of with an EPIPE stack trace. */
export function endQuietlyWhenStdoutCloses(): void {
  if (pipeHandled) return;
  pipeHandled = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit();
  });
}

/** A wrong command line: the command prints the message with its usage and exits 2. */
export class UsageError extends Error {}

/** Whether `e` is a usage error: ours, or node:util parseArgs's (unknown option, missing value). */
export function isUsageError(e: unknown): e is Error {
  return e instanceof UsageError || ((e as { code?: unknown })?.code as string | undefined)?.startsWith?.('ERR_PARSE_ARGS') === true;
}

/** A directory as messages name it: with one trailing slash (`dist/`), never two (`--out dist/` gives `dist/`, not `dist//`). */
export function asDir(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/**
 * Why a path that does not exist is missing, as a message's problem: a parent that is a file
 * (`f/x.yaml` where `f` is a file, ENOTDIR) is named, since "no such file" there sends users looking
 * for a file that could never be created.
 */
export function missingReason(path: string): string {
  // The nearest ancestor that is there: a directory (the path is simply missing) or a file. Below a
  // file, stat fails with ENOTDIR; where nothing is, with ENOENT: both mean "further up".
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    let stat;
    try {
      stat = statSync(dir);
    } catch {
      // Only `.` of a working directory that is gone fails at the top (`/` is always there), and every command refuses that first (command.ts).
      // Stryker disable next-line all: unreachable through a command (above); it keeps the loop finite
      if (dir === dirname(dir)) return 'no such file or directory';
      continue;
    }
    return stat.isDirectory() ? 'no such file or directory' : `${dir} is a file, not a directory`;
  }
}
