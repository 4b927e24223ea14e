/** Imports a setup and renders the result, as `import --verify` does. */
import { renderClusterFile, clusterDirectory } from '../../src/cli/render.js';
import { importSetup, type ImportOptions } from '../../src/import/import.js';
import { verifyImport } from '../../src/import/verify.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { sharedDir } from '../../src/conformance/shared-dir.js';

export function importAndRender(paths: string[], options: ImportOptions = {}) {
  const result = importSetup(paths, { sharedDir: sharedDir(), ...options });
  if (result.problems.length > 0) return { result };
  const loaded = loadClusterText('imported.yaml', result.text!);
  if (!loaded.cluster) return { result, loaded };
  const files = clusterDirectory(renderClusterFile({ file: 'imported.yaml', cluster: loaded.cluster, diagnostics: loaded.diagnostics }), loaded.cluster.name);
  return { result, loaded, files, verify: verifyImport(result, files) };
}
