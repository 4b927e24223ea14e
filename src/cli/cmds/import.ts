/**
 * `k3s-cilium-cdk8s import <file|dir>…`: turns the files of a running setup (Cilium Helm values and
 * their HelmChart / HelmRelease / Application wrappers, Cilium resources, k3s config files,
 * Services with pinned addresses) into a cluster file, and reports where every value went
 * (src/import/). Refusals write nothing. The cluster file is never written over unless --force.
 * Exit codes: 0 written, no findings; 1 refused (nothing written), the file exists, the written
 * file has findings synth reports as errors, or --verify found an unexplained difference; 2 usage error.
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { findReferenceDir, SHARED_DIR_ENV } from '../../conformance/shared-dir.js';
import { importSetup } from '../../import/import.js';
import { formatProblem } from '../../import/problems.js';
import { formatReport } from '../../import/report.js';
import { verifyImport } from '../../import/verify.js';
import { loadClusterText } from '../../load/cluster-file.js';
import { formatDiagnostic, hasErrors } from '../../model/diagnostics.js';
import { command, CommandError, EXIT } from '../command.js';
import { type CliIo, UsageError } from '../io.js';
import { clusterDirectory, renderClusterFile } from '../render.js';
import { makeDirs } from '../../fs/make-dirs.js';
import { replaceFile, temporaryOf } from '../../write/files.js';

export function importUsage(program: string): string {
  return `usage: ${program} <file|dir>... [--name <cluster>] [--out <file>|-] [--node <name>]... [--set VAR=value]... [--verify] [--force] [--shared <dir>]
  <file|dir>  Helm values files, HelmChart/HelmChartConfig, Flux HelmRelease, Argo CD Application, Cilium pools, L2 policies
              and BGP resources (v1 or v2), Services, k3s config.yaml files with their config.yaml.d/ drop-ins; directories are read whole
  --name      the cluster's name (default: the first directory's name)
  --out       where the cluster file is written (default: clusters/<name>.yaml); - prints it, the report then goes to stderr
  --node      names a node whose k3s config file and folder name none (repeat, in order)
  --set       the value of a Flux post-build variable \${VAR} (repeat)
  --verify    render the imported file and compare it with the input; exit 1 on a difference the report does not explain
  --force     write over an existing cluster file
  --shared    reference data (the Cilium charts) to tell misspelt keys and chart defaults (default: $${SHARED_DIR_ENV})
Prints the report: every input value and where it went (a field, decided by the model, or dropped and why).
Exit codes: 0 written; 1 refused (nothing written), file exists, findings in the written file, or --verify differences; 2 usage error.`;
}

function parseSet(pairs: readonly string[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const p of pairs) {
    const m = /^([_a-zA-Z][_a-zA-Z0-9]*)=(.*)$/s.exec(p);
    if (!m) throw new UsageError(`--set ${p}: write VAR=value`);
    vars.set(m[1], m[2]);
  }
  return vars;
}

/**
 * Writes the file whole or not at all (the writer's own replaceFile); never over an existing file unless `force`.
 * The refusal is worded here, not read from an EEXIST: makeDirs's EEXIST is a file in the way of a folder
 * (`--out f/x.yaml` with `f` a file), where "pass --force" would not help; that is the scaffold's I/O line.
 */
function writeClusterFile(out: string, text: string, force: boolean): void {
  makeDirs(dirname(out));
  if (!force && existsSync(out)) {
    throw new CommandError(`${out} exists; nothing was written. Choose another --out, or pass --force to replace it.`, EXIT.FOUND);
  }
  // A killed import's temporary would make the exclusive create fail with a name the user never chose.
  rmSync(temporaryOf(out), { force: true });
  replaceFile(out, Buffer.from(text), true);
}

export const runImport = command({
  name: 'import',
  usage: importUsage,
  options: {
    name: { type: 'string' }, out: { type: 'string' }, node: { type: 'string', multiple: true }, set: { type: 'string', multiple: true },
    verify: { type: 'boolean' }, force: { type: 'boolean' }, shared: { type: 'string' },
  },
  positionals: true,
  ioState: 'nothing was written',
  run({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('name the files or directories of your setup');
    const shared = findReferenceDir(values.shared)?.dir;
    const toStdout = values.out === '-';
    const result = importSetup(positionals, {
      ...(values.name !== undefined ? { name: values.name } : {}),
      nodes: values.node ?? [],
      set: parseSet(values.set ?? []),
      ...(shared !== undefined ? { sharedDir: shared } : {}),
      ...(values.out !== undefined && !toStdout ? { outFile: values.out } : {}),
    });
    if (result.problems.length > 0) {
      for (const p of result.problems) io.stderr(`${formatProblem(p)}\n`);
      io.stderr(`import: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; nothing was written\n`);
      return EXIT.FOUND;
    }
    const text = result.text!;
    const out = toStdout ? '-' : values.out ?? `clusters/${result.spec!.name}.yaml`;
    const reportOut = toStdout ? io.stderr : io.stdout;
    reportOut(formatReport(result.report));
    if (toStdout) io.stdout(text);
    else {
      writeClusterFile(out, text, values.force === true); // an I/O error is the scaffold's one line, exit 3
      io.stderr(`import: wrote ${out}\n`);
    }
    for (const d of result.findings) io.stderr(`${formatDiagnostic(out, d)}\n`);
    let code = hasErrors(result.findings) ? 1 : 0;
    if (code === 1) io.stderr('import: the imported setup has mistakes (above); the cluster file says what synth reports\n');
    if (values.verify) code = Math.max(code, verify(result, out, io));
    return code;
  },
});

function verify(result: ReturnType<typeof importSetup>, out: string, io: CliIo): number {
  const loaded = loadClusterText(out, result.text!);
  if (!loaded.cluster) {
    io.stderr('verify: the imported file has errors (above), so it cannot be rendered\n');
    return 1;
  }
  const files = clusterDirectory(renderClusterFile({ file: out, cluster: loaded.cluster, diagnostics: loaded.diagnostics }), loaded.cluster.name);
  const v = verifyImport(result, files);
  io.stderr(`verify: the rendered ${loaded.cluster.name} against the input: ${v.lines.length} difference${v.lines.length === 1 ? '' : 's'}, ${v.unexplained} unexplained\n`);
  for (const l of v.lines) io.stderr(`${l}\n`);
  return v.unexplained > 0 ? 1 : 0;
}
