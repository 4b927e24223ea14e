/**
 * `--stdout [--cluster <name>]`: one cluster's manifests/ objects on stdout and nothing else
 * (what the Argo CD plugin prints); every message goes to stderr, and a failure prints nothing.
 */
import { EmptyRenderError, manifestStream } from '../gitops/manifest-stream.js';
import { renderClusterManifests, ValidClusterFile } from './render.js';

interface Io { stdout: (t: string) => void; stderr: (t: string) => void }

/** Prints the stream of the cluster named `name`, or of the only cluster. Exit code: 0, 1 (nothing to print), 2 (no such cluster). */
export function printClusterStream(clusters: readonly ValidClusterFile[], name: string | undefined, io: Io): number {
  const names = clusters.map((c) => c.cluster.name);
  const chosen = name === undefined && clusters.length === 1 ? clusters[0] : clusters.find((c) => c.cluster.name === name);
  if (!chosen) {
    io.stderr(name === undefined
      ? `synth: --stdout prints one cluster and there are ${clusters.length}: pick one with --cluster (${names.join(', ')}); nothing was printed\n`
      : `synth: --cluster ${name}: no cluster file has this name (clusters: ${names.join(', ')}); nothing was printed\n`);
    return 2;
  }
  let stream: string;
  try {
    stream = manifestStream(renderClusterManifests(chosen));
  } catch (e) {
    if (!(e instanceof EmptyRenderError)) throw e;
    io.stderr(`synth: ${chosen.file}: ${e.message}; nothing was printed\n`);
    return 1;
  }
  io.stdout(stream);
  io.stderr(`synth: ${chosen.file} → stdout (manifests/ of ${chosen.cluster.name})\n`);
  return 0;
}
