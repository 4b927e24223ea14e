/**
 * String-keyed records (labels, data read from YAML) built property by property. Node 20's V8 gives every object made
 * by a spread followed by more keys (`{ ...labels, k: v }`) a hidden class of its own: 50,000
 * Service label sets cost 12 MB of hidden classes and made every lookup on them megamorphic.
 */

/** Sets an own data property, as a spread or yaml's toJS does: `__proto__` is a key like any other, not the prototype. */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** The entries of `records` in one new object, as `{ ...a, ...b }` makes it (later values win, first positions stay; `__proto__` is an own key). */
export function mergeRecords<T>(...records: readonly Readonly<Record<string, T>>[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const record of records) for (const key of Object.keys(record)) setOwn(out, key, record[key]);
  return out;
}
