/** Go's `time.ParseDuration`, enough for lease timings: returns seconds, or undefined if malformed. */
const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

export function parseGoDuration(text: string): number | undefined {
  if (typeof text !== 'string' || !/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  let seconds = 0;
  for (const [, num, , unit] of text.matchAll(/([0-9]+(\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g)) seconds += Number(num) * UNIT_SECONDS[unit];
  return seconds;
}
