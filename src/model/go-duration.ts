/** Go's `time.ParseDuration`, enough for lease timings and duration flags. */
const UNIT_NS: Record<string, bigint> = { ns: 1n, us: 1_000n, 'µs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };
const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const COMPONENT = /([0-9]+)(?:\.([0-9]+))?(ns|us|µs|ms|s|m|h)/g;

/** Seconds, or undefined if malformed (a double: inexact near Go's limit, see parseGoDurationNs). */
export function parseGoDuration(text: string): number | undefined {
  const ns = parseGoDurationNs(text);
  return ns === undefined ? undefined : Number(ns) / 1e9;
}

/**
 * Whole nanoseconds as Go counts them (time/format.go ParseDuration: the integer part exact, a
 * fraction through float64 and truncated), without Go's int64 limit, which the caller compares:
 * a double cannot tell 2^63 - 1 ns, Go's largest duration, from 2^63 ns, which Go refuses.
 * Undefined if malformed.
 */
export function parseGoDurationNs(text: string): bigint | undefined {
  if (typeof text !== 'string' || !DURATION.test(text)) return undefined;
  let ns = 0n;
  for (const [, whole, fraction, unit] of text.matchAll(COMPONENT)) {
    ns += BigInt(whole) * UNIT_NS[unit];
    // Go reads at most the fraction digits that fit an int64 (leadingFraction); 18 always do.
    if (fraction !== undefined) ns += BigInt(Math.trunc(Number(fraction.slice(0, 18)) * (Number(UNIT_NS[unit]) / 10 ** Math.min(fraction.length, 18))));
  }
  return ns;
}
