/**
 * Check 12: the sysctls the rp-filter DaemonSet holds. `rpFilter` is 0 or 2: 1 (strict) drops
 * Cilium's return traffic. `sysctls.interfaces` are matched by busybox `grep -E`, so each must be
 * valid RE2 (the documented syntax) and plain POSIX ERE: `\d` or `(?i)` would silently match
 * nothing there and leave the uplink's rp_filter strict. A pattern matching no declared interface
 * of any node is a warning: the DaemonSet would change nothing on them.
 */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import { anyRe2Matches, re2OnlySyntax } from '../model/regex.js';
import type { ResolvedCluster } from '../model/resolved.js';

function rpFilterDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const value = cluster.sysctls.rpFilter;
  if (value === 0 || value === 2) return [];
  if (value === 1) {
    return [error(at('sysctls', 'rpFilter'),
      'rpFilter 1 (strict) drops return packets that leave by another interface than they arrived on, which Cilium\'s datapath does',
      'Use 0 (off) or 2 (loose).')];
  }
  return [error(at('sysctls', 'rpFilter'), `rpFilter ${value} is not a valid rp_filter mode`, 'Use 0 (off) or 2 (loose).')];
}

function interfacePatternDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = [...new Set(cluster.nodes.flatMap((n) => n.interfaces))];
  cluster.sysctls.interfaces.forEach((pattern, i) => {
    const path = at('sysctls', 'interfaces', i);
    const compiled = cluster.sysctls.interfacePatterns[i];
    if ('error' in compiled) {
      out.push(error(path, `${JSON.stringify(pattern)} is not a valid regular expression: ${compiled.error}`,
        'Write a POSIX extended regex, e.g. ^eth[0-9]+.'));
      return;
    }
    const re2Only = re2OnlySyntax(pattern);
    if (re2Only) {
      out.push(error(path, `${JSON.stringify(pattern)} uses ${re2Only.found}, which busybox grep -E (POSIX ERE) in the rp-filter DaemonSet does not understand`,
        `Use ${re2Only.instead}.`));
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
  return [...rpFilterDiagnostics(cluster), ...interfacePatternDiagnostics(cluster)];
}
