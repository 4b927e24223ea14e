/**
 * `k3s-cilium-cdk8s diff <base> [<head>]` (`npm run diff -- …` here): the network-change review of the
 * cluster files between two git revisions (head: the working tree) or two directories. Exit codes:
 * 0 nothing at or above `--fail-on` changed, 1 something did (the review is still printed) or a
 * cluster file is invalid, 2 usage error.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { compareClusters } from '../../diff/compare.js';
import { reviewJson, reviewMarkdown } from '../../diff/markdown.js';
import { countLevels, Review } from '../../diff/review.js';
import { loadClusterFile, loadClusterText } from '../../load/cluster-file.js';
import { formatDiagnostic, hasErrors } from '../../model/diagnostics.js';
import { collectClusters, DEFAULT_CONFIG } from '../cluster-files.js';
import { renderClusterFile, renderedKinds, type ValidClusterFile } from '../render.js';
import { command, EXIT } from '../command.js';
import { CliIo, processIo, UsageError } from '../io.js';
import { filesAtRevision, filesOnDisk, isRevision, notARevisionHint, SideError, SideFile } from '../revision.js';

/** The diff command's usage; `program` is how it is typed. */
export function diffUsage(program: string): string {
  return `usage: ${program} <base> [<head>] [--config <dir|file>] [--format markdown|json] [--fail-on breaking|restart|never]
  <base>, <head>  git revisions of the repository here (head: the working tree), or two directories (or files) of cluster files
  --config        where the cluster files are in a revision and in the working tree (default: clusters/)
  --format        markdown (default, for a pull-request comment) or json
  --fail-on       exit 1 when a change of this level or above is found (default: never)
Prints the review on stdout. Exit codes: 0 nothing at the --fail-on level; 1 something is, or a cluster file cannot be read; 2 usage error.`;
}

type Io = CliIo;

type Side = { name: string; files: SideFile[] };

function readSide(arg: string | undefined, config: string, cwd: string): Side {
  // A working tree without the config directory has no cluster files; whether that is a mistake
  // depends on the other side (runDiff refuses a --config that matches nothing in either).
  if (arg === undefined) return { name: 'working tree', files: existsSync(resolve(cwd, config)) ? filesOnDisk(config, cwd) : [] };
  if (isRevision(arg, cwd)) return { name: arg, files: filesAtRevision(arg, config, cwd) };
  try {
    return { name: arg, files: filesOnDisk(arg, cwd) };
  } catch (e) {
    if (e instanceof SideError) {
      const hint = notARevisionHint(arg, cwd);
      throw new UsageError(`${arg} is neither a git revision nor a file or directory${hint === undefined ? '' : `; ${hint}`}`);
    }
    throw e;
  }
}

/**
 * One side's clusters by name (those the checks refuse included), the lines of its errors, and those
 * of files that could not be read at all (YAML, shape, a name used twice).
 */
type LoadedSide = { clusters: Map<string, ValidClusterFile>; problems: string[]; unreadable: string[] };

/**
 * Loads one side with the loader synth uses. A file whose YAML or shape is wrong cannot be
 * reviewed (it counts as absent); a file that only fails the semantic checks is reviewed, since the
 * change may be what breaks it, or what fixes it.
 */
function loadSide(side: Side): LoadedSide {
  const loaded = side.files.map((f) => ('bytes' in f ? loadClusterText(f.label, f.bytes) : loadClusterFile(f.path, f.label)));
  const { clusters, findings } = collectClusters(loaded, { refused: true });
  const errors = findings.filter((f) => f.d.severity === 'error');
  const resolvedFiles = new Set(clusters.map((c) => c.file));
  const line = (f: (typeof errors)[number]) => formatDiagnostic(f.file, f.d);
  return {
    clusters: new Map(clusters.map((c) => [c.cluster.name, c])),
    problems: errors.map(line),
    // A file with no cluster here could not be read, or names a cluster an earlier file already does.
    unreadable: errors.filter((f) => !resolvedFiles.has(f.file)).map(line),
  };
}

const refusedBy = (c: ValidClusterFile) => c.diagnostics.filter((d) => d.severity === 'error');

/** The rendered files that differ between two versions of a cluster the checks accept (a refused one renders nothing). */
function changedFiles(before: ValidClusterFile, after: ValidClusterFile): string[] {
  if (hasErrors(before.diagnostics) || hasErrors(after.diagnostics)) return [];
  const render = (c: ValidClusterFile) => renderClusterFile({ ...c, diagnostics: [] });
  const [a, b] = [render(before), render(after)];
  // PLAN.md names its source file, which differs between revisions.
  return [...new Set([...a.keys(), ...b.keys()])].filter((p) => !p.endsWith('/PLAN.md') && a.get(p) !== b.get(p)).sort();
}

export function runDiff(argv: string[], io: Io = processIo, program = 'k3s-cilium-cdk8s diff', cwd = process.cwd()): number {
  return command({
    name: 'diff',
    usage: diffUsage,
    options: { config: { type: 'string' }, format: { type: 'string' }, 'fail-on': { type: 'string' } },
    positionals: true,
    run({ values, positionals }, io) {
      const format = values.format ?? 'markdown';
      const failOn = values['fail-on'] ?? 'never';
      if (!['markdown', 'json'].includes(format)) throw new UsageError(`--format ${format}: use markdown or json`);
      if (!['breaking', 'restart', 'never'].includes(failOn)) throw new UsageError(`--fail-on ${failOn}: use breaking, restart or never`);
      if (positionals.length < 1 || positionals.length > 2) throw new UsageError('give the base revision (or directory), and optionally the head');
      const config = values.config ?? DEFAULT_CONFIG;
      const [base, head] = [readSide(positionals[0], config, cwd), readSide(positionals[1], config, cwd)];
      // A typo in --config must not turn a CI gate green: nothing to compare is a usage error.
      if (base.files.length === 0 && head.files.length === 0) {
        throw new UsageError(`--config ${config}: no cluster file (*.yaml, *.yml) there in ${base.name} or in ${head.name}`);
      }
      const [before, after] = [loadSide(base), loadSide(head)];
      const names = [...new Set([...before.clusters.keys(), ...after.clusters.keys()])].sort();
      const review: Review = {
        base: base.name,
        head: head.name,
        problems: [
          ...(before.problems.length ? [{ side: 'base' as const, lines: before.problems }] : []),
          // The head's refused clusters are reviewed with their findings; only what could not be read is listed here.
          ...(after.unreadable.length ? [{ side: 'head' as const, lines: after.unreadable }] : []),
        ],
        clusters: names.map((name) => {
          const [a, b] = [before.clusters.get(name), after.clusters.get(name)];
          const refused = b ? refusedBy(b).map((d) => formatDiagnostic(b.file, d)) : [];
          // Only an upgrade reads the rendered objects' apiVersions: no render for any other change.
          const upgraded = a && b && a.cluster.cilium.version !== b.cluster.cilium.version;
          const rendered = upgraded ? renderedKinds(b) : undefined;
          return compareClusters(name, a?.cluster, b?.cluster, () => (a && b ? changedFiles(a, b) : []), refused, { rendered });
        }),
      };
      io.stdout(format === 'json' ? reviewJson(review) : reviewMarkdown(review));
      // A head file that cannot be read is an invalid cluster file, whatever --fail-on says.
      if (after.unreadable.length > 0) return EXIT.FOUND;
      const counts = countLevels(review);
      const failing = failOn === 'breaking' ? counts.breaking : failOn === 'restart' ? counts.breaking + counts.restart : 0;
      return failing > 0 ? EXIT.FOUND : EXIT.OK;
    },
  })(argv, io, program);
}
