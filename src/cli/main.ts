/**
 * The `k3s-cilium-cdk8s` command: `k3s-cilium-cdk8s <command> [options]`, one entry for the
 * package's bin, `npm run synth|validate|plan` in this repository, cdk8s.yaml's app and the Argo CD
 * plugin. Each command has its own `--help`; usage texts name the command the way it was run.
 * Exit codes (command.ts's EXIT): 0 ok; 1 invalid input, a differing tree (--check), violations (validate) or a change at the
 * --fail-on level (diff); 2 usage error; 3 a file cannot be read or written.
 */
import { runDiff } from './cmds/diff.js';
import { runPlan } from './cmds/plan.js';
import { runSynth } from './cmds/synth.js';
import { EXIT } from './command.js';
import { CliIo, endQuietlyWhenStdoutCloses, processIo } from './io.js';

/** The package version, set by tools/bundle.mjs; absent when the sources run unbundled (tests). */
declare const __K3S_CILIUM_CDK8S_VERSION__: string | undefined;

export const PROGRAM = 'k3s-cilium-cdk8s';

export interface CliOptions {
  /**
   * How a command is typed, for usage texts: `k3s-cilium-cdk8s synth` by default, `npm run synth --`
   * when this repository's npm script runs it.
   */
  readonly program?: (command: string) => string;
}

type Command = (argv: string[], io: CliIo, program: string) => number | Promise<number>;

/** Loaded only when run: the conformance checker and its schemas are most of the bundle, and synth (the plugin's path) needs none of it. */
const runValidate: Command = async (argv, io, program) => (await import('./cmds/validate.js')).runValidate(argv, io, program);

/** Loaded only when run, like validate: the readers of other tools' files are no part of synth's path. */
const runImport: Command = async (argv, io, program) => (await import('./cmds/import.js')).runImport(argv, io, program);

/** Loaded only when run, like validate. */
const runUpstream: Command = async (argv, io, program) => (await import('./cmds/upstream.js')).runUpstream(argv, io, program);

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  synth: { run: runSynth, summary: 'validate cluster files and render each into <out>/<name>/ (or print one cluster\'s manifests with --stdout)' },
  plan: { run: runPlan, summary: 'print the PLAN.md of a cluster file (IP plan and verification checklist); writes nothing' },
  diff: { run: runDiff, summary: 'review the network change between two git revisions (or directories) of the cluster files' },
  import: { run: runImport, summary: 'turn the files of a running setup (Helm values, Cilium resources, k3s configs) into a cluster file' },
  validate: { run: runValidate, summary: 'check rendered trees against the upstream schemas (needs the reference data: upstream fetch, or --shared <dir>)' },
  upstream: { run: runUpstream, summary: 'upstream fetch [--from <dir|url>]: download and verify the upstream files validate judges by' },
};

function version(): string {
  return typeof __K3S_CILIUM_CDK8S_VERSION__ === 'string' ? __K3S_CILIUM_CDK8S_VERSION__ : 'unknown (unbundled sources)';
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    `usage: ${PROGRAM} <command> [options]`,
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`),
    '',
    `Run \`${PROGRAM} <command> --help\` for a command's options; \`${PROGRAM} --version\` prints the version.`,
    'Exit codes: 0 ok; 1 invalid input, a differing tree (synth --check), violations (validate), a change at the --fail-on level (diff)',
    'or a refused upstream file; 2 usage error (or no reference data for validate); 3 a file cannot be read or written, the output',
    '(or the cache) cannot be written, another run holds the lock, or a file in the way is not synth\'s.',
  ].join('\n');
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo, options: CliOptions = {}): Promise<number> {
  if (io === processIo) endQuietlyWhenStdoutCloses();
  const [first, ...rest] = argv;
  const program = options.program ?? ((command: string) => `${PROGRAM} ${command}`);
  // Stryker disable next-line ConditionalExpression: Object.hasOwn is false for undefined too; the test is for the type of `first`.
  if (first !== undefined && Object.hasOwn(COMMANDS, first)) return COMMANDS[first].run(rest, io, program(first));
  if (first === 'help' && rest.length <= 1) {
    if (rest.length === 0) {
      io.stdout(`${usage()}\n`);
      return 0;
    }
    if (Object.hasOwn(COMMANDS, rest[0])) return COMMANDS[rest[0]].run(['--help'], io, program(rest[0]));
  }
  if (first === '--help' || first === '-h') {
    io.stdout(`${usage()}\n`);
    return 0;
  }
  if (first === '--version') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const problem = first === undefined ? 'no command given' : `unknown command ${JSON.stringify(first === 'help' ? rest.join(' ') : first)}`;
  io.stderr(`${PROGRAM}: ${problem}\n${usage()}\n`);
  return EXIT.USAGE;
}
