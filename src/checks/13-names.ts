/**
 * Check 13: names are what Kubernetes and k3s accept, and unique. The cluster name is a DNS-1123
 * label (it names dist/<name>/); node, pool and policy names are DNS-1123 subdomains (metadata.name,
 * node names, config file names). Two pools or policies with one name would render one object
 * over the other; two nodes with one name would share a config file and a Node object.
 * A node's name is also its `kubernetes.io/hostname` label, at most 63 characters; its interfaces are
 * Linux interface names (at most 15 bytes, no '/', ':' or white space). The names this
 * file only refers to are checked too: a BGP `authSecretRef` is a Secret name (and never the
 * password itself), the BGP secrets namespace a namespace, a reservation's Service a namespace
 * and a DNS-1035 Service name; a name rendered from another (`lb-pool-<pool>`) fits its limit.
 */
import { at, Diagnostic, error } from '../model/diagnostics.js';
import { isDns1035Label, looksLikePassword, namespaceProblem, secretNameProblem } from '../model/kubernetes-rules.js';
import { firstControlCharacter } from '../model/control-characters.js';
import { isDns1123Label, isDns1123Subdomain } from '../model/names.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { duplicateNameDiagnostic, subdomainNameDiagnostics } from './fields.js';

function nameDiagnostics(kind: string, items: readonly { name: string; index: number }[], path: (i: number) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    out.push(...subdomainNameDiagnostics(path(item.index), kind, item.name));
    const first = seen.get(item.name);
    if (first === undefined) seen.set(item.name, item.index);
    // Stryker disable next-line Regex: the path ends in ".name" and holds no other, so the anchor changes nothing
    else out.push(duplicateNameDiagnostic(path(item.index), kind, item.name, path(first).replace(/\.name$/, '')));
  }
  return out;
}

/** Names of what the file refers to: Secrets, namespaces, Services. */
function referenceDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const config of cluster.bgp?.peerConfigs ?? []) {
    const secret = config.authSecretRef;
    const problem = secret === undefined ? undefined : secretNameProblem(secret);
    if (secret === undefined || !problem) continue;
    const path = at('loadBalancer', 'bgp', 'peerConfigs', config.index, 'authSecretRef');
    out.push(looksLikePassword(secret)
      ? error(path, 'this looks like a password, not the name of a Secret: it would be rendered into manifests/bgp.yaml in plain text, '
        + 'and Secret names are DNS-1123 subdomains (lower-case letters, digits, \'-\' and \'.\')',
        `Put the password in a Secret (kubectl -n ${cluster.bgp?.secretsNamespace} create secret generic bgp-peer-password --from-literal=password=…) `
        + 'and write its name here, e.g. authSecretRef: bgp-peer-password.')
      : error(path, `${JSON.stringify(secret)} is not a valid Secret name: ${problem}`,
        'Write the name of the Secret that holds the password, e.g. bgp-peer-password.'));
  }
  const namespace = cluster.bgp?.secretsNamespace;
  const nsProblem = namespace === undefined ? undefined : namespaceProblem(namespace);
  if (nsProblem) {
    out.push(error(at('loadBalancer', 'bgp', 'secretsNamespace'), `${JSON.stringify(namespace)} is not a valid namespace: ${nsProblem}`,
      'Write the namespace the agents read Secrets from, e.g. kube-system.'));
  }
  for (const r of cluster.reservations) {
    const path = at('loadBalancer', 'reservations', r.index, 'service');
    if (namespaceProblem(r.namespace)) {
      out.push(error(path, `namespace "${r.namespace}" of ${r.service} is longer than 63 characters, which no namespace can be`,
        'Write the Service\'s real namespace.'));
    }
    if (!isDns1035Label(r.serviceName)) {
      out.push(error(path, `"${r.serviceName}" is not a valid Service name: a DNS-1035 label, at most 63 lower-case letters, digits and '-', `
        + 'starting with a letter and ending with a letter or digit', 'Write the Service\'s real name.'));
    }
  }
  return out;
}

/**
 * The bytes of a name the kernel's dev_valid_name (net/core/dev.c) refuses: '/', ':' and its
 * isspace (lib/ctype.c's _ctype: \t to \r, space, and 0xA0, Latin-1's no-break space). It reads
 * bytes, not characters: UTF-8 letters such as 'à' (C3 A0) hold 0xA0 and are refused, while
 * Unicode spaces such as U+3000 (E3 80 80) hold none and pass (`ip link add` on Linux 6.x agrees).
 * \t to \r are control characters, check 31's to report, so they never reach these tests.
 */
const refusedByte = (b: number) => b === 0x2f || b === 0x3a || b === 0x20;
const NBSP_BYTE = 0xa0;

/** Linux interface names (dev_valid_name): 1-15 bytes, not "." or "..", no '/', ':' or white space bytes. */
function interfaceNameDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  return cluster.nodes.flatMap((node) => node.interfaces.flatMap((name, j) => {
    const text = String(name);
    // A control character is check 31's to report, once.
    if (firstControlCharacter(text) >= 0) return [];
    const bytes = Buffer.from(text);
    const problem = text === '' || text === '.' || text === '..' ? 'is no interface name'
      : bytes.length > 15 ? `is ${bytes.length} bytes long; Linux interface names have at most 15`
        : bytes.some(refusedByte) ? 'holds \'/\', \':\' or white space, which no Linux interface name has'
          : bytes.includes(NBSP_BYTE) ? 'holds the byte 0xA0 (in UTF-8 also part of letters such as \'à\'), which the kernel reads as white space and refuses in interface names'
            : undefined;
    return problem ? [error(at('nodes', node.index, 'interfaces', j), `${JSON.stringify(text)} ${problem}`,
      'Write the name `ip link` shows on the node, e.g. eth0 or enp1s0.')] : [];
  }));
}

/** Names the node and pool names become. */
function derivedNameDiagnostics(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const node of cluster.nodes) {
    if (isDns1123Subdomain(node.name) && node.name.length > 63) {
      out.push(error(at('nodes', node.index, 'name'), `node name is ${node.name.length} characters long, but it is also the node's kubernetes.io/hostname `
        + 'label, which holds at most 63 (and Linux host names at most 64)', 'Use the node\'s host name, at most 63 characters.'));
    }
  }
  for (const pool of cluster.pools) {
    const advertisement = pool.bgpAdvertisement?.name;
    if (advertisement !== undefined && isDns1123Subdomain(pool.name) && advertisement.length > 253) {
      out.push(error(at('loadBalancer', 'pools', pool.index, 'name'), `the pool's CiliumBGPAdvertisement "${advertisement.slice(0, 20)}…" would be `
        + `${advertisement.length} characters long; object names hold at most 253`,
        `Use a pool name of at most ${253 - (advertisement.length - pool.name.length)} characters.`));
    }
  }
  return out;
}

export function checkNames(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!isDns1123Label(cluster.name)) {
    out.push(error(at('name'), `cluster name ${JSON.stringify(cluster.name)} is not a valid DNS-1123 label`,
      'Use at most 63 lowercase letters, digits and \'-\', starting and ending with a letter or digit, e.g. homelab.'));
  }
  out.push(...nameDiagnostics('node', cluster.nodes, (i) => at('nodes', i, 'name')));
  out.push(...nameDiagnostics('pool', cluster.pools, (i) => at('loadBalancer', 'pools', i, 'name')));
  out.push(...nameDiagnostics('policy', cluster.l2Policies, (i) => at('loadBalancer', 'l2', 'policies', i, 'name')));
  out.push(...derivedNameDiagnostics(cluster), ...interfaceNameDiagnostics(cluster), ...referenceDiagnostics(cluster));
  return out;
}
