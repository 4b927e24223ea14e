/** How an entry that is not a regular file is named in messages, by the loader and the writer alike. */
import type { Stats } from 'node:fs';

/** `a folder`, `a symbolic link` (from lstat), `a FIFO`, `a socket` or `a device`. */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
