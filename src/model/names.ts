/** Name syntaxes of Kubernetes (DNS-1123) and of hosts (RFC 1123), shared by the checks and the conformance checker. */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: at most 63 lowercase alphanumerics and '-', alphanumeric at both ends. */
export function isDns1123Label(name: string): boolean {
  return typeof name === 'string' && name.length <= 63 && LABEL.test(name);
}

/** A DNS-1123 subdomain: dot-separated labels, at most 253 characters. */
export function isDns1123Subdomain(name: string): boolean {
  return typeof name === 'string' && name.length <= 253 && name.split('.').every((l) => LABEL.test(l));
}

/** An RFC 1123 host name (what a DNS name for the API can be); not an IPv4-looking string. */
export function isDnsName(host: string): boolean {
  return host.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(host)
    && host.split('.').every((l) => l.length <= 63) && !/^[0-9.]+$/.test(host);
}
