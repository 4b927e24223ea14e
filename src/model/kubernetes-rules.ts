/**
 * Rules the Kubernetes API machinery and the kubelet apply to names, labels and selectors,
 * transcribed from upstream (k8s.io/apimachinery `IsQualifiedName`, `IsLabelValue`,
 * `IsDNS1035Label`, `ValidateLabelSelectorRequirement`; k8s.io/kubelet `IsKubeletLabel`). Each
 * function says why a value is refused, in words a cluster-file author can act on, or returns
 * undefined. Lengths are counted in bytes, as Go does; the allowed characters are ASCII anyway.
 */
import { isDns1123Label, isDns1123Subdomain } from './names.js';
import { firstControlCharacter } from './control-characters.js';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The allowed characters of a label name or value, as one phrase. */
export const LABEL_CHARACTERS = 'letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';

/** Why `key` is not a label key (`[prefix/]name`), or undefined. A control character is check 31's to report, once. */
export function labelKeyProblem(key: string): string | undefined {
  if (firstControlCharacter(key) >= 0) return undefined;
  const parts = key.split('/');
  if (parts.length > 2) return 'a label key has at most one \'/\' (between a DNS subdomain prefix and the name)';
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix === '') return 'the prefix before \'/\' is empty';
    if (!isDns1123Subdomain(prefix)) return `the prefix "${prefix}" is not a DNS subdomain (lower-case letters, digits, '-' and '.', at most 253 characters)`;
  }
  if (name === '') return 'the name part is empty';
  if (bytes(name) > 63) return `the name part is ${bytes(name)} characters long; at most 63 are allowed`;
  if (!QUALIFIED_NAME.test(name)) return `the name part may only hold ${LABEL_CHARACTERS}`;
  return undefined;
}

/** Why `value` is not a label value, or undefined. A control character is check 31's to report, once. */
export function labelValueProblem(value: string): string | undefined {
  if (firstControlCharacter(value) >= 0) return undefined;
  if (bytes(value) > 63) return `it is ${bytes(value)} characters long; a label value has at most 63`;
  if (!LABEL_VALUE.test(value)) return `a label value may only hold ${LABEL_CHARACTERS} (or be empty)`;
  return undefined;
}

/** A label value close to `value` that the API accepts: other characters become '-', ends trimmed, at most 63 characters. */
export function labelValueSuggestion(value: string): string {
  return value.replace(/[^-A-Za-z0-9_.]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/** Why a `matchExpressions` requirement is refused (its values for its operator), or undefined. */
export function selectorRequirementProblem(operator: string, values: readonly string[] | undefined): string | undefined {
  const n = values?.length ?? 0;
  if ((operator === 'In' || operator === 'NotIn') && n === 0) return `operator ${operator} needs at least one value`;
  if ((operator === 'Exists' || operator === 'DoesNotExist') && n > 0) return `operator ${operator} takes no values`;
  return undefined;
}

/** A DNS-1035 label: what a Service name must be (a DNS-1123 label that starts with a letter). */
export function isDns1035Label(name: string): boolean {
  return name.length <= 63 && DNS1035_LABEL.test(name);
}

/** Why `name` is not a Secret name (a DNS-1123 subdomain), or undefined. */
export function secretNameProblem(name: string): string | undefined {
  return isDns1123Subdomain(name) ? undefined : 'Secret names are DNS-1123 subdomains (lower-case letters, digits, \'-\' and \'.\', at most 253 characters)';
}

/**
 * Whether a string that is no valid name looks like a secret rather than a name: punctuation names
 * never hold, digits mixed with upper- and lower-case letters, or a long base64-like run.
 */
export function looksLikePassword(text: string): boolean {
  if (/\s/.test(text)) return false;
  const mixed = /[0-9]/.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text);
  return /[^-A-Za-z0-9_.]/.test(text) || mixed || (text.length >= 16 && /^[A-Za-z0-9+/]+=*$/.test(text) && /[A-Z]/.test(text) && /[0-9]/.test(text));
}

/** Why a namespace name is refused (a DNS-1123 label), or undefined. */
export function namespaceProblem(name: string): string | undefined {
  return isDns1123Label(name) ? undefined
    : 'namespaces are DNS-1123 labels (at most 63 lower-case letters, digits and \'-\', starting and ending with a letter or digit)';
}

/** Labels the kubelet may set on its own Node although they are in the kubernetes.io / k8s.io namespaces (kubelet well_known_labels.go). */
export const KUBELET_ALLOWED_LABELS: readonly string[] = [
  'beta.kubernetes.io/arch', 'beta.kubernetes.io/instance-type', 'beta.kubernetes.io/os',
  'failure-domain.beta.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/zone',
  'kubernetes.io/arch', 'kubernetes.io/hostname', 'kubernetes.io/os',
  'node.kubernetes.io/instance-type', 'topology.kubernetes.io/region', 'topology.kubernetes.io/zone',
];
/** Label namespaces (and their subdomains) the kubelet may always set. */
export const KUBELET_ALLOWED_LABEL_NAMESPACES: readonly string[] = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

const inDomain = (prefix: string, domain: string) => prefix === domain || prefix.endsWith(`.${domain}`);

/**
 * Whether the kubelet refuses `key` in `--node-labels` (k3s `node-label`): a key in the
 * kubernetes.io or k8s.io namespaces that is not one of the kubelet's own. The kubelet exits on
 * such a flag (`unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels`), and the
 * NodeRestriction admission plugin forbids a node to set those labels on itself.
 */
export function kubeletRefusesLabel(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const prefix = key.slice(0, slash);
  if (!inDomain(prefix, 'kubernetes.io') && !inDomain(prefix, 'k8s.io')) return false;
  return !KUBELET_ALLOWED_LABELS.includes(key) && !KUBELET_ALLOWED_LABEL_NAMESPACES.some((d) => inDomain(prefix, d));
}
