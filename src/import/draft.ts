/**
 * The cluster file being built: a plain nested object the readers fill field by field (the typed
 * spec is checked once the whole file is written, by the same loader synth uses).
 */
export type Draft = Record<string, unknown>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets a dotted field path (`cilium.hubble.relay`), creating the maps on the way. */
export function setField(draft: Draft, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = draft;
  for (const p of parts.slice(0, -1)) {
    if (!isObj(cur[p])) cur[p] = {};
    cur = cur[p] as Draft;
  }
  cur[parts[parts.length - 1]] = value;
}

/** The value at a dotted field path, if any. */
export function getField(draft: Draft, path: string): unknown {
  let cur: unknown = draft;
  for (const p of path.split('.')) {
    if (!isObj(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Removes a dotted field path and the maps it leaves empty. */
export function deleteField(draft: Draft, path: string): void {
  const parts = path.split('.');
  const chain: Draft[] = [draft];
  for (const p of parts.slice(0, -1)) {
    const next = chain[chain.length - 1][p];
    if (!isObj(next)) return;
    chain.push(next);
  }
  delete chain[chain.length - 1][parts[parts.length - 1]];
  for (let i = chain.length - 1; i > 0; i--) if (Object.keys(chain[i]).length === 0) delete chain[i - 1][parts[i - 1]];
}

/** Leaf values of a map with their dotted paths; lists and empty maps are leaves. */
export function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (!isObj(value) || (Object.keys(value).length === 0 && prefix)) return prefix ? [[prefix, value]] : [];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

export { isObj };
