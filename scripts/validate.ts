// Entry point of `npm run validate`: everything lives in src/validate.ts.
import { runValidate } from '../src/validate.js';

process.exitCode = runValidate(process.argv.slice(2));
