// Entry point of `npm run validate`: the CLI's validate command (src/cli/cmds/validate.ts).
import { runValidate } from '../src/cli/cmds/validate.js';

process.exitCode = runValidate(process.argv.slice(2));
