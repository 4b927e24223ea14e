/**
 * `k3s-cilium-cdk8s diff <base> [<head>]` (`npm run diff -- …` here): the network-change review of the
 * cluster files between two git revisions (head: the working tree) or two directories. Exit codes:
 * 0 nothing at or above `--fail-on` changed, 1 something did (the review is still printed) or a
 * cluster file is invalid, 2 usage error.
 */
import { compareClusters } from '../../diff/compare.js';
import { reviewJson, reviewMarkdown } from '../../diff/markdown.js';
import { countLevels, Review } from '../../diff/review.js';
import { checkCluster } from '../../checks/index.js';
import { parseClusterText } from '../../load/cluster-file.js';
import { Diagnostic, formatDiagnostic } from '../../model/diagnostics.js';
import { resolveCluster } from '../../model/resolve/cluster.js';
import type { ResolvedCluster } from '../../model/resolved.js';
import { renderClusterFile } from '../render.js';
import { command, EXIT } from '../command.js';
import { CliIo, processIo, UsageError } from '../io.js';
import { filesAtRevision, filesOnDisk, isRevision, SideError, SideFile } from '../revision.js';

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
  if (arg === undefined) return { name: 'working tree', files: filesOnDisk(config, cwd) };
  if (isRevision(arg, cwd)) return { name: arg, files: filesAtRevision(arg, config, cwd) };
  try {
    return { name: arg, files: filesOnDisk(arg, cwd) };
  } catch (e) {
    if (e instanceof SideError) throw new UsageError(`${arg} is neither a git revision nor a file or directory`);
    throw e;
  }
}

type Loaded = { label: string; cluster: ResolvedCluster; errors: Diagnostic[] };

/**
 * The clusters of one side by name. A file whose YAML or shape is wrong cannot be reviewed: its
 * findings are printed and undefined returned. A file that only fails the semantic checks is
 * reviewed (the change may be what breaks it), with its errors kept for the review.
 */
function loadSide(side: Side, io: Io): Map<string, Loaded> | undefined {
  const clusters = new Map<string, Loaded>();
  let valid = true;
  for (const file of side.files) {
    const parsed = parseClusterText(file.text);
    if (parsed.diagnostics) {
      for (const d of parsed.diagnostics) io.stderr(`${formatDiagnostic(file.label, d)}\n`);
      valid = false;
      continue;
    }
    const cluster = resolveCluster(parsed.spec);
    const other = clusters.get(cluster.name);
    if (other) {
      io.stderr(`${file.label}: name: cluster name "${cluster.name}" is already used by ${other.label}.\n`);
      valid = false;
      continue;
    }
    clusters.set(cluster.name, { label: file.label, cluster, errors: checkCluster(cluster).filter((d) => d.severity === 'error') });
  }
  return valid ? clusters : undefined;
}

/** The rendered files that differ between the two versions of a cluster. */
function changedFiles(before: Loaded, after: Loaded): string[] {
  const render = (c: Loaded) => renderClusterFile({ file: c.label, cluster: c.cluster, diagnostics: [] });
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
      const config = values.config ?? 'clusters';
      const [base, head] = [readSide(positionals[0], config, cwd), readSide(positionals[1], config, cwd)];
      const [before, after] = [loadSide(base, io), loadSide(head, io)];
      if (!before || !after) {
        io.stderr(
          `${program}: ${[...(!before ? [base.name] : []), ...(!after ? [head.name] : [])].join(' and ')} ha${!before && !after ? 've' : 's'} invalid cluster files; no review\n`,
        );
        return EXIT.FOUND;
      }
      const names = [...new Set([...before.keys(), ...after.keys()])].sort();
      const review: Review = {
        base: base.name,
        head: head.name,
        clusters: names.map((name) => {
          const [a, b] = [before.get(name), after.get(name)];
          const refused = b?.errors.map((d) => formatDiagnostic(b.label, d)) ?? [];
          return compareClusters(name, a?.cluster, b?.cluster, a && b && refused.length === 0 ? changedFiles(a, b) : [], refused);
        }),
      };
      io.stdout(format === 'json' ? reviewJson(review) : reviewMarkdown(review));
      const counts = countLevels(review);
      const failing = failOn === 'breaking' ? counts.breaking : failOn === 'restart' ? counts.breaking + counts.restart : 0;
      return failing > 0 ? EXIT.FOUND : EXIT.OK;
    },
  })(argv, io, program);
}
