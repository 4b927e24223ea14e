// The CLI's entry (src/cli/main.ts) as tsc compiles it (`node lib/main.js synth`, unbundled; the
// package's bin and the Argo CD plugin run the bundle tools/bundle.mjs makes of src/cli/main.ts).
// Imported, it only exports runCli; run directly, it runs.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from './src/cli/main.js';

export { runCli };

function isMainModule(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) process.exitCode = await runCli(process.argv.slice(2));
