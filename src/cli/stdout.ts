/**
 * `--stdout [--cluster <name>]`: one cluster's manifests/ objects on stdout and nothing else
 * (what the Argo CD plugin prints); every message goes to stderr, and a failure prints nothing.
 */
import { EmptyRenderError, manifestStream } from '../gitops/manifest-stream.js';
import type { CliIo } from './io.js';
import { pickCluster } from './pick.js';
import { renderManifestObjects, ValidClusterFile } from './render.js';

/** Prints the stream of the cluster named `name`, or of the only cluster. Exit code: 0, 1 (nothing to print), 2 (no such cluster). */
export function printClusterStream(clusters: readonly ValidClusterFile[], name: string | undefined, io: CliIo): number {
  const chosen = pickCluster(clusters, name, '--stdout prints');
  if ('problem' in chosen) {
    io.stderr(`synth: ${chosen.problem}; nothing was printed\n`);
    return 2;
  }
  let stream: string[];
  try {
    stream = manifestStream(renderManifestObjects(chosen));
  } catch (e) {
    if (!(e instanceof EmptyRenderError)) throw e;
    io.stderr(`synth: ${chosen.file}: ${e.message}; nothing was printed\n`);
    return 1;
  }
  for (const part of stream) io.stdout(part);
  io.stderr(`synth: ${chosen.file} → stdout (manifests/ of ${chosen.cluster.name})\n`);
  return 0;
}
