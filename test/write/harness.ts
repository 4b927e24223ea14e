/**
 * The synth command as a child process with the tree writer's test hook wired to the environment,
 * bundled by `buildHarness` (one file, so each of many processes starts fast):
 *   node harness.mjs <synth arguments…>
 * K3SCC_KILL_AT=<n> SIGKILLs the process before the writer's n-th change on disk; K3SCC_PAUSE_AT=<n>
 * writes its pid to $K3SCC_PAUSE_FILE there and waits until $K3SCC_PAUSE_FILE.go exists;
 * K3SCC_TRACE=<file> appends each step's number and label to a file.
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { runSynth, synthTestHooks } from '../../src/cli/cmds/synth.js';

const env = process.env;
let step = 0;
synthTestHooks.onStep = (what) => {
  step++;
  if (env.K3SCC_TRACE) appendFileSync(env.K3SCC_TRACE, `${step}\t${what}\n`);
  if (step === Number(env.K3SCC_KILL_AT)) process.kill(process.pid, 'SIGKILL');
  if (step === Number(env.K3SCC_PAUSE_AT)) {
    writeFileSync(env.K3SCC_PAUSE_FILE!, String(process.pid));
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    while (!existsSync(`${env.K3SCC_PAUSE_FILE}.go`)) Atomics.wait(sleeper, 0, 0, 20);
  }
};

process.exitCode = runSynth(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
