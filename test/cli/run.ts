/** Runs the synth CLI in-process and captures what it prints. */
import { runSynth } from '../../src/cli/cmds/synth.js';

export function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runSynth(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}
