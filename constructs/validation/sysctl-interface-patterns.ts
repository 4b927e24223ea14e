/**
 * `sysctls.interfaces` are matched by busybox `grep -E` in the rp-filter DaemonSet, so each must be
 * valid RE2 (the documented syntax) and plain POSIX ERE: `\d` or `(?i)` would silently match
 * nothing there and leave the uplink's rp_filter strict. A pattern matching no declared
 * interface of any node is a warning: the DaemonSet would change nothing on them.
 */
import type { Diagnostic } from '../diagnostics.js';
import { fieldPath } from '../diagnostics.js';
import type { ResolvedCluster } from '../resolved-cluster.js';
import { compileRe2, re2Matches, re2OnlySyntax } from './regex.js';

export function validateSysctlInterfacePatterns(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = [...new Set(cluster.nodes.flatMap((n) => n.interfaces))];
  cluster.sysctlInterfaces.forEach((pattern, i) => {
    const path = fieldPath('sysctls', 'interfaces', i);
    const compiled = compileRe2(pattern);
    if ('error' in compiled) {
      out.push({ severity: 'error', path, message: `${JSON.stringify(pattern)} is not a valid regular expression: ${compiled.error}`, fix: 'Write a POSIX extended regex, e.g. ^eth[0-9]+.' });
      return;
    }
    const re2Only = re2OnlySyntax(pattern);
    if (re2Only) {
      out.push({
        severity: 'error', path,
        message: `${JSON.stringify(pattern)} uses ${re2Only.found}, which busybox grep -E (POSIX ERE) in the rp-filter DaemonSet does not understand`,
        fix: `Use ${re2Only.instead}.`,
      });
      return;
    }
    if (declared.length > 0 && !declared.some((iface) => re2Matches(compiled.re, iface))) {
      out.push({
        severity: 'warning', path,
        message: `${JSON.stringify(pattern)} matches none of the nodes' declared interfaces (${declared.join(', ')})`,
        fix: 'The DaemonSet would leave rp_filter unchanged there: match the uplinks, or declare them in nodes[].interfaces.',
      });
    }
  });
  return out;
}
