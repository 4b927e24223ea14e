/**
 * `mkdir -p` without mkdirSync's `recursive`, shared by the writer, `import` and `upstream fetch`.
 */
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What is at `path` (following links), or undefined for nothing; nothing is under a file (stat's ENOTDIR). */
function statOrNone(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/**
 * `mkdir -p`: creates `path` and its missing parents, and returns the first folder it made (absolute),
 * or undefined when `path` was a folder already. Not mkdirSync's `recursive`: on Node 20 it loops for
 * ever when mkdir says ENOENT under a parent that exists (procfs, or a working directory removed
 * under the run); here that is an error like any other.
 */
export function makeDirs(path: string): string | undefined {
  const missing: string[] = [];
  let d = resolve(path);
  let st: Stats | undefined;
  for (; (st = statOrNone(d)) === undefined; d = dirname(d)) missing.unshift(d); // `/` is always there
  // A file in the way: mkdir's own error, EEXIST at `path` or ENOTDIR below it, as mkdirSync says it.
  if (!st.isDirectory()) mkdirSync(missing[0] ?? d);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      // Another process made it meanwhile: a folder is what was wanted.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw e;
    }
  }
  return missing[0];
}
