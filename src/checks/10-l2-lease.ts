/**
 * Check 10: L2 lease timings keep duration > renewDeadline > 1.2 × retryPeriod (and duration > 1s).
 * Cilium's agent replaces timings that break this with its own and only logs a warning, so the
 * failover time the cluster file promises would not be the one running. Each timing fits Go's
 * time.Duration (int64 nanoseconds, about 2,562,047 hours): the agent cannot parse a longer one.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { parseGoDurationNs } from '../model/go-duration.js';
import type { ResolvedCluster } from '../model/resolved.js';

type LeaseField = 'duration' | 'renewDeadline' | 'retryPeriod';

/** math.MaxInt64 nanoseconds, exactly (as a double it would equal 2^63, which Go refuses). */
const GO_DURATION_MAX_NS = 2n ** 63n - 1n;

export function checkL2Lease(cluster: ResolvedCluster): Diagnostic[] {
  const set = cluster.spec.loadBalancer?.l2?.lease ?? {};
  // A finding about two timings is reported on the first one the file sets.
  const path = (...fields: LeaseField[]) => at('loadBalancer', 'l2', 'lease', fields.find((f) => set[f] !== undefined) ?? fields[0]);
  const text = (f: LeaseField) => `${f} ${cluster.lease[f]}${set[f] === undefined ? ' (default)' : ''}`;
  // Whole nanoseconds, as Go counts them, so 1.2 × retryPeriod and Go's limit compare exactly.
  const ns: Partial<Record<LeaseField, bigint>> = {};
  const out: Diagnostic[] = [];
  for (const f of ['duration', 'renewDeadline', 'retryPeriod'] as const) {
    const parsed = parseGoDurationNs(cluster.lease[f]);
    if (parsed === undefined || parsed <= 0n) {
      out.push(error(path(f), `${JSON.stringify(cluster.lease[f])} is not a positive Go duration`, 'Write e.g. 15s, 500ms or 1m30s.'));
    } else if (parsed > GO_DURATION_MAX_NS) {
      out.push(error(path(f), `${cluster.lease[f]} is longer than a Go duration can be (about 2562047h); the agent cannot parse it`,
        'Write e.g. 15s, 500ms or 1m30s.'));
    } else {
      ns[f] = parsed;
    }
  }
  const fix = 'Cilium would silently replace the timings: keep duration > renewDeadline > 1.2 × retryPeriod, e.g. 15s / 5s / 2s.';
  if (ns.duration !== undefined && ns.duration <= 1_000_000_000n) {
    out.push(error(path('duration'), `${text('duration')} must be longer than 1s`, fix));
  } else if (ns.duration !== undefined && ns.renewDeadline !== undefined && ns.duration <= ns.renewDeadline) {
    out.push(error(path('duration', 'renewDeadline'), `${text('duration')} must be longer than ${text('renewDeadline')}`, fix));
  }
  if (ns.renewDeadline !== undefined && ns.retryPeriod !== undefined && ns.renewDeadline * 10n <= ns.retryPeriod * 12n) {
    out.push(error(path('renewDeadline', 'retryPeriod'), `${text('renewDeadline')} must be longer than 1.2 × ${text('retryPeriod')}`, fix));
  }
  return out;
}
