// Entry point of `npm run synth` and `cdk8s synth`: everything lives in src/synth.ts.
import { runSynth } from './src/synth.js';

process.exitCode = runSynth(process.argv.slice(2));
