/**
 * Check 25: k3s settings that k3s does not validate itself. `disable` names packaged components
 * from k3s's own list (coredns, servicelb, traefik, local-storage, metrics-server, runtimes); k3s
 * ignores any other entry, so a typo leaves the component running. `tokenFile` is an absolute
 * path: k3s reads a relative one against its working directory, which a service manager decides.
 */
import { closest, distance } from 'fastest-levenshtein';
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { K3S_DISABLE_ITEMS, K3S_NOT_DISABLE_ITEMS } from '../model/k3s.js';
import type { ResolvedCluster } from '../model/resolved.js';

const ITEMS: readonly string[] = K3S_DISABLE_ITEMS;

function disableDiagnostic(item: string, path: string): Diagnostic | undefined {
  if (ITEMS.includes(item)) return undefined;
  const explained = Object.hasOwn(K3S_NOT_DISABLE_ITEMS, item) ? K3S_NOT_DISABLE_ITEMS[item] : undefined;
  if (explained) return error(path, explained, 'Remove the entry.');
  const guess = closest(item.toLowerCase(), [...ITEMS]);
  const near = distance(item.toLowerCase(), guess) <= Math.max(2, Math.floor(guess.length / 3));
  return error(path, `${JSON.stringify(item)} is not a packaged k3s component; k3s ignores it and leaves everything running`,
    `${near ? `Did you mean "${guess}"? ` : ''}k3s can disable: ${ITEMS.join(', ')}.`);
}

export function checkK3sSettings(cluster: ResolvedCluster): Diagnostic[] {
  const out = (cluster.spec.k3s.disable ?? []).flatMap((item, i) => disableDiagnostic(String(item), at('k3s', 'disable', i)) ?? []);
  const token = cluster.k3s.tokenFile;
  if (!token.startsWith('/')) {
    out.push(error(at('k3s', 'tokenFile'), `${JSON.stringify(token)} is not an absolute path; k3s would read it relative to the directory it was started in`,
      'Write the full path, e.g. /etc/rancher/k3s/token.'));
  }
  return out;
}
