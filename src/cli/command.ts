/**
 * The one scaffold of every command: arguments (node:util parseArgs, strict), `--help`, named exit
 * codes, and error handling. A user's mistake is exit 2 with the usage; an I/O error, a lock held by
 * another run or a file that is not synth's is exit 3 in one line; only a bug shows a stack trace.
 * Everything printed passes through escapeControlCharacters: names and paths come from users.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { escapeControlCharacters } from '../model/control-characters.js';
import { describeIoError, workingDirectory } from '../write/io-error.js';
import { LockHeldError, OutputConflictError } from '../write/tree.js';
import { type CliIo, isUsageError, processIo } from './io.js';

/** Exit codes, the same for every command. */
export const EXIT = {
  /** Done (synth --check: up to date; validate: accepted; diff: nothing at the --fail-on level). */
  OK: 0,
  /** Invalid input, nothing written; or the finding the command looks for (a differing tree, violations, a change at --fail-on). */
  FOUND: 1,
  /** A usage mistake: the command line is wrong. */
  USAGE: 2,
  /** A file cannot be read or written, another run holds the lock, or a file in the way is not synth's. */
  IO: 3,
} as const;

/** A failure the command has already worded: printed as `<command>: <message>`, exit `code`. */
export class CommandError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;
/** What parseArgs returns for `O`. */
type Parsed<O extends Options> = {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string } & { help?: boolean };
  positionals: string[];
};

export interface CommandSpec<O extends Options> {
  /** The command's name, prefixing its messages. */
  readonly name: string;
  /** The usage text; `program` is how the command is typed. */
  readonly usage: (program: string) => string;
  readonly options: O;
  /** Whether positional arguments are taken. Default: no. */
  readonly positionals?: boolean;
  /** Added to a failed write's I/O line (what state the output is in). */
  readonly ioState?: string;
  /** The command itself: throws UsageError or CommandError, or returns an exit code. */
  readonly run: (args: Parsed<O>, io: CliIo, program: string) => number;
}

/** A command's entry: `(argv, io, program) => exit code`. */
export type Command = (argv: string[], io?: CliIo, program?: string) => number;

/** The parts every command shares: the escaping io, parsing with `--help`, and the one way failures end. */
function scaffold<O extends Options>(spec: Omit<CommandSpec<O>, 'run'>, rawIo: CliIo, program: string) {
  const io: CliIo = {
    stdout: (t) => rawIo.stdout(escapeControlCharacters(t, true)),
    stderr: (t) => rawIo.stderr(escapeControlCharacters(t, true)),
  };
  const fail = (message: string, code: number) => {
    io.stderr(`${spec.name}: ${message}\n${code === EXIT.USAGE ? `${spec.usage(program)}\n` : ''}`);
    return code;
  };
  /** The parsed arguments; undefined when `--help` was printed. */
  const parse = (argv: string[]): Parsed<O> | undefined => {
    const args = parseArgs({
      args: argv, options: { ...spec.options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: spec.positionals ?? false,
    }) as Parsed<O>;
    if (args.values.help) {
      io.stdout(`${spec.usage(program)}\n`);
      return undefined;
    }
    // Every relative path (the defaults clusters/ and dist/ too) would fail with ENOENT, each in its own words.
    if (workingDirectory() === undefined) {
      throw new CommandError('the working directory no longer exists (it was removed or moved away); cd into an existing directory and run again', EXIT.IO);
    }
    return args;
  };
  const failure = (e: unknown): number => {
    if (isUsageError(e)) return fail(e.message, EXIT.USAGE);
    if (e instanceof CommandError) return fail(e.message, e.code);
    if (e instanceof OutputConflictError || e instanceof LockHeldError) return fail(e.message, EXIT.IO);
    const line = describeIoError(e);
    if (line === undefined) throw e; // neither a user's mistake nor the disk's: a bug, with its stack
    return fail(`${line}${spec.ioState ? `; ${spec.ioState}` : ''}`, EXIT.IO);
  };
  return { io, parse, failure };
}

export function command<O extends Options>(spec: CommandSpec<O>): Command {
  return (argv, rawIo = processIo, program = `k3s-cilium-cdk8s ${spec.name}`) => {
    const { io, parse, failure } = scaffold(spec, rawIo, program);
    try {
      const args = parse(argv);
      return args === undefined ? EXIT.OK : spec.run(args, io, program);
    } catch (e) {
      return failure(e);
    }
  };
}

/** The same scaffold for a command that waits (a download). */
export function asyncCommand<O extends Options>(
  spec: Omit<CommandSpec<O>, 'run'> & { readonly run: (args: Parsed<O>, io: CliIo, program: string) => Promise<number> },
): (argv: string[], io?: CliIo, program?: string) => Promise<number> {
  return async (argv, rawIo = processIo, program = `k3s-cilium-cdk8s ${spec.name}`) => {
    const { io, parse, failure } = scaffold(spec, rawIo, program);
    try {
      const args = parse(argv);
      return args === undefined ? EXIT.OK : await spec.run(args, io, program);
    } catch (e) {
      return failure(e);
    }
  };
}
