/**
 * Reads a cluster file: YAML syntax, then the JSON Schema (shape, types, unknown keys), then the
 * model and its semantic checks. Every finding is collected; nothing is thrown for a user mistake.
 */
import { closeSync, constants, fstatSync, openSync, type PathLike, readSync, type Stats, statSync } from 'node:fs';
import { checkCluster } from '../checks/index.js';
import type { ClusterSpec } from '../model/cluster-spec.js';
import { Diagnostic, error, hasErrors } from '../model/diagnostics.js';
import { kindOf } from '../model/file-kind.js';
import { resolveCluster } from '../model/resolve/cluster.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { clusterShapeDiagnostics } from '../checks/schema.js';
import { YAML_LIMITS } from './yaml-limits.js';
import { parseYaml, sizeDiagnostic } from './yaml.js';

export interface LoadedClusterFile {
  /** The file's path as given (used in messages). */
  readonly file: string;
  /** The resolved cluster; undefined when the file has errors. */
  readonly cluster?: ResolvedCluster;
  /**
   * The resolved cluster whenever the YAML and shape are right, even when the checks refuse it: the
   * network review compares a refused revision as far as it can (a broken main still gets its fix reviewed).
   */
  readonly resolved?: ResolvedCluster;
  /** Errors and warnings, in file order per stage. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The cluster spec of cluster-file text (or its bytes), when its YAML and shape are right (no semantic checks yet). */
export function parseClusterText(text: string | Uint8Array): { spec: ClusterSpec; diagnostics?: undefined } | { spec?: undefined; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(text);
  if (parsed.diagnostics) return { diagnostics: parsed.diagnostics };
  const shape = clusterShapeDiagnostics(parsed.data);
  return shape.length > 0 ? { diagnostics: shape } : { spec: parsed.data as ClusterSpec };
}

/** Parses and checks cluster-file text (or its bytes, as read from disk: then their encoding is checked too). */
export function loadClusterText(file: string, text: string | Uint8Array): LoadedClusterFile {
  const parsed = parseClusterText(text);
  if (parsed.diagnostics) return { file, diagnostics: parsed.diagnostics };
  const cluster = resolveCluster(parsed.spec);
  const diagnostics = checkCluster(cluster);
  return { file, cluster: hasErrors(diagnostics) ? undefined : cluster, resolved: cluster, diagnostics };
}

/** The path that names standard input (`--config -`). */
export const STDIN = '-';

/** Reads into `buf` from `got` until it is full or the input ends; a non-blocking standard input is waited on. */
function readAll(fd: number, buf: Buffer, got = 0): number {
  // Stryker disable next-line EqualityOperator: with the buffer full a read of 0 bytes returns 0, which ends the loop as well.
  while (got < buf.length) {
    let n: number;
    try {
      n = readSync(fd, buf, got, buf.length - got, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (n === 0) break;
    got += n;
  }
  return got;
}

/**
 * Reads the bytes of an input file (`-`: standard input), at most one more than the size limit (a
 * file that grows while it is read cannot get past it), or the finding that it cannot be read, is
 * not a regular file (a FIFO or device would block or never end) or is too large.
 */
export function readInputFile(file: PathLike): { bytes: Uint8Array } | { diagnostics: Diagnostic[] } {
  try {
    const stdin = file === STDIN;
    const odd = (st: Stats) => (st.isFile() ? undefined
      : error('', `${kindOf(st)}, not a regular file`,
        'Give a cluster file; to read standard input, give --config -.'));
    // Checked before it is opened (a socket cannot be), and again after (O_NONBLOCK: a FIFO must not wait for a writer).
    const before = stdin ? undefined : odd(statSync(file));
    if (before) return { diagnostics: [before] };
    const fd = stdin ? 0 : openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = fstatSync(fd);
      const after = stdin ? undefined : odd(st);
      if (after) return { diagnostics: [after] };
      const size = stdin ? 0 : st.size;
      const tooLarge = sizeDiagnostic(size);
      if (tooLarge) return { diagnostics: [tooLarge] };
      // Stryker disable next-line MethodExpression: a size over the limit returned above, so the minimum is the size (max would only allocate more).
      let buf = Buffer.allocUnsafe(stdin ? YAML_LIMITS.maxBytes + 1 : Math.min(size, YAML_LIMITS.maxBytes) + 1);
      let got = readAll(fd, buf);
      // More than stat said (procfs and some FUSE files say 0; a file written while it is read): read on, up to the limit.
      while (got === buf.length && got <= YAML_LIMITS.maxBytes) {
        const more = Buffer.allocUnsafe(Math.min(2 * buf.length, YAML_LIMITS.maxBytes + 1));
        buf.copy(more, 0, 0, got);
        buf = more;
        got = readAll(fd, buf, got);
      }
      const grown = sizeDiagnostic(got);
      return grown ? { diagnostics: [grown] } : { bytes: buf.subarray(0, got) };
    } finally {
      if (!stdin) closeSync(fd);
    }
  } catch (e) {
    return { diagnostics: [error('', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`)] };
  }
}

/** Reads, parses and checks a cluster file (`-`: standard input); `label` names it in messages (default: its path). */
export function loadClusterFile(file: PathLike, label = String(file)): LoadedClusterFile {
  const read = readInputFile(file);
  return 'bytes' in read ? loadClusterText(label, read.bytes) : { file: label, diagnostics: read.diagnostics };
}
