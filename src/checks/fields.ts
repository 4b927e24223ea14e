/**
 * Field validators by name: the findings of one field (or one item) on its own, in the words the
 * cluster checks give a cluster file. The numbered checks run them on every such field of a
 * cluster file; the constructs used alone run them on their props. `path` is where the finding
 * points (a cluster file's field path, or a prop's).
 */
import { ciliumCapabilities, SUGGESTED_CILIUM_RELEASE, SUPPORTED_CILIUM_MINORS, SUPPORTED_CILIUM_RANGE } from '../model/cilium-versions.js';
import type { PoolBlockSpec } from '../model/cluster-spec.js';
import { firstControlCharacter } from '../model/control-characters.js';
import { Diagnostic, error } from '../model/diagnostics.js';
import { formatIp, parseCidr, ParsedCidr, parseIp, rangeSize, shortRange } from '../model/ip.js';
import { isDns1123Label, isDns1123Subdomain } from '../model/names.js';
import { compileRe2, CompiledRe2, re2OnlySyntax } from '../model/regex.js';

export function notACidr(path: string, text: unknown): Diagnostic {
  return error(path, `${JSON.stringify(text)} is not a CIDR`, 'Write an IPv4 or IPv6 network with its prefix length, e.g. 192.168.1.96/28 or fd00:1::/120.');
}

/** Diagnostics for a CIDR field that must be canonical; `rangeFix` explains the start/stop alternative. */
export function canonicalCidrDiagnostics(path: string, text: string, rangeFix?: (cidr: ParsedCidr, ip: string) => string): Diagnostic[] {
  const cidr = parseCidr(text);
  if (!cidr) return [notACidr(path, text)];
  if (cidr.isCanonical) return [];
  const ip = text.split('/')[0];
  return [error(path, `${text} has host bits set; the block is ${cidr.canonical} (${shortRange(cidr)})`,
    rangeFix ? rangeFix(cidr, ip) : `Write ${cidr.canonical}.`)];
}

/** For blocks: the start/stop range of the same size from the written address, if that was meant. */
function poolRangeFix(cidr: ParsedCidr, ip: string): string {
  const start = parseCidr(`${ip}/${cidr.family === 4 ? 32 : 128}`)!.first;
  const max = cidr.family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
  // A start that ends exactly at the last address is the aligned last block, which has no host bits and never gets here.
  // Stryker disable next-line EqualityOperator: equivalent, see above
  const stop = start + rangeSize(cidr) - 1n > max ? max : start + rangeSize(cidr) - 1n;
  return `Write cidr: ${cidr.canonical} for that block, or start: ${ip} and stop: ${formatIp(cidr.family, stop)} `
    + `if ${rangeSize(cidr)} addresses from ${ip} were meant.`;
}

/** The findings of one pool block's (or reserved range's) `cidr`: a CIDR without host bits. */
export function blockCidrDiagnostics(path: string, cidr: string): Diagnostic[] {
  return canonicalCidrDiagnostics(path, cidr, poolRangeFix);
}

const ONE_ADDRESS = 'Write one IPv4 or IPv6 address, without a prefix length.';

/** The findings of one block's shape (`path` is the block's own path): a cidr, or a start ≤ stop of one family. */
export function blockShapeDiagnostics(path: string, block: PoolBlockSpec): Diagnostic[] {
  const err = (field: 'start' | 'stop' | '', message: string, fix: string) => error(field ? `${path}.${field}` : path, message, fix);
  if (block.cidr !== undefined && (block.start !== undefined || block.stop !== undefined)) {
    return [err('', 'has both cidr and start/stop', 'A block is either a cidr, or a start with an optional stop: split it into two blocks or drop one.')];
  }
  if (block.cidr !== undefined) return [];
  if (block.start === undefined) {
    return [err('', block.stop === undefined ? 'has neither cidr nor start' : 'has a stop but no start',
      'Write cidr: <network>/<prefix>, or start: <first address> with an optional stop: <last address>.')];
  }
  const start = parseIp(block.start);
  const stop = block.stop === undefined ? start : parseIp(block.stop);
  const out: Diagnostic[] = [];
  if (!start) out.push(err('start', `${JSON.stringify(block.start)} is not an IP address`, ONE_ADDRESS));
  if (block.stop !== undefined && !stop) out.push(err('stop', `${JSON.stringify(block.stop)} is not an IP address`, ONE_ADDRESS));
  if (!start || !stop) return out;
  if (start.family !== stop.family) {
    return [err('stop', `start ${block.start} is IPv${start.family} but stop ${block.stop} is IPv${stop.family}`,
      'A range is of one family: use a separate block for each family.')];
  }
  if (start.value > stop.value) {
    return [err('stop', `stop ${block.stop} comes before start ${block.start}, so the range is empty`,
      `Swap them: start: ${block.stop}, stop: ${block.start}.`)];
  }
  return [];
}

/** The finding of a pool without blocks (`path` is its `blocks`). */
export function noBlocksDiagnostic(path: string, poolName: string): Diagnostic {
  return error(path, `pool "${poolName}" has no blocks`, 'Give it at least one cidr or start/stop block.');
}

/** The finding of a name that is not a DNS-1123 subdomain; none for a valid one. */
export function subdomainNameDiagnostics(path: string, kind: string, name: string): Diagnostic[] {
  if (isDns1123Subdomain(name)) return [];
  return [error(path, `${kind} name ${JSON.stringify(name)} is not a valid DNS-1123 subdomain`,
    'Use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, e.g. default-pool.')];
}

/** The finding of a name already taken by `first` (where the first one is). */
export function duplicateNameDiagnostic(path: string, kind: string, name: string, first: string): Diagnostic {
  return error(path, `${kind} name "${name}" is already used by ${first}`, `Give every ${kind} its own name.`);
}

/** The finding of an L2 policy's `interfaces` entry that is not Go RE2 (`compiled` is compileRe2's result); none for a valid one. */
export function l2InterfacePatternDiagnostics(path: string, pattern: string, compiled: CompiledRe2): Diagnostic[] {
  if ('re' in compiled) return [];
  return [error(path, `${JSON.stringify(pattern)} is not a valid Go (RE2) regular expression: ${compiled.error}`,
    'Cilium compiles interfaces with Go\'s regexp: there are no lookarounds or backreferences; list alternatives instead, e.g. ^(eth|ens)[0-9]+$.')];
}

/** The finding of a policy that announces nothing (`path` is the policy's own path); none when it announces something. */
export function policyAnnouncesDiagnostics(path: string, policy: { name: string; loadBalancerIPs: boolean; externalIPs: boolean }): Diagnostic[] {
  if (policy.loadBalancerIPs || policy.externalIPs) return [];
  return [error(path, `policy "${policy.name}" announces nothing: loadBalancerIPs and externalIPs are both false`,
    'Set loadBalancerIPs: true to announce pool addresses (and externalIPs: true for Services\' externalIPs).')];
}

/** What to write instead of an unsupported or malformed `cilium.version`. */
const SUPPORTED_RELEASE_FIX = `Use a ${SUPPORTED_CILIUM_MINORS} release, e.g. ${SUGGESTED_CILIUM_RELEASE}.`;

/** The finding of an unsupported Cilium release at `path`; none for a supported one. */
export function ciliumVersionDiagnostics(path: string, version: string): Diagnostic[] {
  if (ciliumCapabilities(version)) return [];
  return [error(path, `Cilium ${version} is not supported; supported releases are ${SUPPORTED_CILIUM_RANGE}`,
    SUPPORTED_RELEASE_FIX)];
}

/**
 * The finding of a `cilium.version` that is not `x.y.z` (the schema's pattern), in words: a pre-release
 * or a leading `v` is what people write from a release page or an image tag.
 */
export function ciliumVersionFormatDiagnostic(path: string, version: unknown): Diagnostic {
  const text = JSON.stringify(version);
  if (typeof version === 'string' && /^v[0-9]+\.[0-9]+\.[0-9]+$/.test(version)) {
    return error(path, `${text} has a leading "v"`, `Write the release without it: ${version.slice(1)}.`);
  }
  if (typeof version === 'string' && /^v?[0-9]+\.[0-9]+\.[0-9]+[-+]/.test(version)) {
    return error(path, `${text} is a pre-release or a build; supported releases are ${SUPPORTED_CILIUM_RANGE}`, SUPPORTED_RELEASE_FIX);
  }
  return error(path, `${text} is not a Cilium release (major.minor.patch)`, SUPPORTED_RELEASE_FIX);
}

/** The finding of an rp_filter mode other than 0 (off) or 2 (loose). */
export function rpFilterModeDiagnostics(path: string, value: unknown): Diagnostic[] {
  if (value === 0 || value === 2) return [];
  if (value === 1) {
    return [error(path,
      'rpFilter 1 (strict) drops return packets that leave by another interface than they arrived on, which Cilium\'s datapath does',
      'Use 0 (off) or 2 (loose).')];
  }
  return [error(path, `rpFilter ${JSON.stringify(value)} is not a valid rp_filter mode`, 'Use 0 (off) or 2 (loose).')];
}

/**
 * The finding of a pattern's text that cannot go into the DaemonSet's script: empty, over 256
 * characters, or holding a control character (a newline would split the script's grep pattern).
 * A cluster file gets these from its schema and check 31.
 */
export function patternTextDiagnostics(path: string, pattern: unknown): Diagnostic[] {
  if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 256) {
    return [error(path, `${JSON.stringify(pattern)} is not a pattern of 1 to 256 characters`, 'Write a POSIX extended regex, e.g. ^eth[0-9]+.')];
  }
  if (firstControlCharacter(pattern) >= 0) {
    return [error(path, `${JSON.stringify(pattern)} holds a control character, which would split the script's grep pattern`, 'Remove it.')];
  }
  return [];
}

/**
 * The findings of an rp-filter interface pattern (`compiled` is compileRe2's result): busybox
 * `grep -E` reads it in the DaemonSet's script, so it is valid RE2 (the documented syntax) and
 * plain POSIX ERE: `\d` or `(?i)` would silently match nothing there.
 */
export function rpFilterPatternDiagnostics(path: string, pattern: string, compiled: CompiledRe2 = compileRe2(pattern)): Diagnostic[] {
  if ('error' in compiled) {
    return [error(path, `${JSON.stringify(pattern)} is not a valid regular expression: ${compiled.error}`, 'Write a POSIX extended regex, e.g. ^eth[0-9]+.')];
  }
  const re2Only = re2OnlySyntax(pattern);
  if (re2Only) {
    return [error(path, `${JSON.stringify(pattern)} uses ${re2Only.found}, which busybox grep -E (POSIX ERE) in the rp-filter DaemonSet does not understand`,
      `Use ${re2Only.instead}.`)];
  }
  return [];
}

/** The finding of a re-check interval that is not a whole number of seconds from 1 to 86400. */
export function intervalSecondsDiagnostics(path: string, value: unknown): Diagnostic[] {
  if (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 86400) return [];
  return [error(path, `${JSON.stringify(value)} is not a whole number of seconds from 1 to 86400`, 'Use e.g. 60.')];
}

/** The finding of a container image reference Kubernetes would not pull as written. */
export function imageReferenceDiagnostics(path: string, image: unknown): Diagnostic[] {
  if (typeof image === 'string' && image.length > 0 && image.length <= 512 && firstControlCharacter(image) < 0 && !image.includes(' ')) return [];
  return [error(path, `${JSON.stringify(image)} is not an image reference`,
    'Write an image without spaces or control characters, pinned by digest: name:tag@sha256:<digest>.')];
}

/** The finding of a namespace that is not a DNS-1123 label. */
export function namespaceLabelDiagnostics(path: string, namespace: unknown): Diagnostic[] {
  if (typeof namespace === 'string' && isDns1123Label(namespace)) return [];
  return [error(path, `namespace ${JSON.stringify(namespace)} is not a DNS-1123 label`,
    'Use lowercase letters, digits and \'-\', at most 63, starting and ending with a letter or digit, e.g. kube-system.')];
}
