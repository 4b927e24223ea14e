/** The one order of named things in what this project writes and prints (the writer's manifest and tree, `--check`, a cluster's files). */

/** Entries by key, in code-unit order (not the locale's: the same bytes on every machine). */
export const byName = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);
