/**
 * Check 12: the sysctls the rp-filter DaemonSet holds. `rpFilter` is 0 or 2: 1 (strict) drops
 * Cilium's return traffic. `sysctls.interfaces` are matched by busybox `grep -E`, so each must be
 * valid RE2 (the documented syntax) and plain POSIX ERE: `\d` or `(?i)` would silently match
 * nothing there and leave the uplink's rp_filter strict. A pattern matching no declared interface
 * of any node is a warning: the DaemonSet would change nothing on them.
 */
import { at, Diagnostic, warning } from '../model/diagnostics.js';
import { anyRe2Matches } from '../model/regex.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { rpFilterModeDiagnostics, rpFilterPatternDiagnostics } from './fields.js';

function interfacePatternDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = [...new Set(cluster.nodes.flatMap((n) => n.interfaces))];
  cluster.sysctls.interfaces.forEach((pattern, i) => {
    const path = at('sysctls', 'interfaces', i);
    const compiled = cluster.sysctls.interfacePatterns[i];
    const problems = rpFilterPatternDiagnostics(path, pattern, compiled);
    if (problems.length > 0 || 'error' in compiled) {
      out.push(...problems);
      return;
    }
    if (declared.length > 0 && !declared.some((iface) => anyRe2Matches([compiled], iface))) {
      out.push(warning(path, `${JSON.stringify(pattern)} matches none of the nodes' declared interfaces (${declared.join(', ')})`,
        'The DaemonSet would leave rp_filter unchanged there: match the uplinks, or declare them in nodes[].interfaces.'));
    }
  });
  return out;
}

export function checkSysctls(cluster: ResolvedCluster): Diagnostic[] {
  return [...rpFilterModeDiagnostics(at('sysctls', 'rpFilter'), cluster.sysctls.rpFilter), ...interfacePatternDiagnostics(cluster)];
}
