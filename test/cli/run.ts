/** Runs the synth CLI (and diff, in a working directory) in-process and captures what it prints. */
import { runDiff } from '../../src/cli/cmds/diff.js';
import { runSynth } from '../../src/cli/cmds/synth.js';

export function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runSynth(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

/** Runs `diff` in-process as if started in `cwd`, and captures what it prints. */
export function diffIn(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runDiff(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }, 'k3s-cilium-cdk8s diff', cwd);
  return { code, stdout, stderr };
}
