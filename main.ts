// The CLI's entry (src/cli/main.ts), and what tools/bundle.mjs bundles into lib/synth.bundle.mjs.
// Imported, it only exports runCli (bin/k3s-cilium-cdk8s.mjs and tools/cli.mjs call it with their
// command names); run directly (`node lib/synth.bundle.mjs synth --stdout`, the Argo CD plugin), it runs.
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
