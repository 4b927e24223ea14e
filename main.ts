// Entry point of `npm run synth` and `cdk8s synth`: the CLI's synth command (src/cli/cmds/synth.ts).
import { runSynth } from './src/cli/cmds/synth.js';

process.exitCode = runSynth(process.argv.slice(2));
