// Entry point of `npm run diff`: the CLI's diff command (src/cli/cmds/diff.ts).
import { runDiff } from '../src/cli/cmds/diff.js';

process.exitCode = runDiff(process.argv.slice(2));
