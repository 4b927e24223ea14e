/** Check 19: BGP ASNs are in range, and mixes that are usually typos are warned. */
import { at, Diagnostic, error, warning } from '../model/diagnostics.js';
import type { ResolvedCluster } from '../model/resolved.js';

/** The largest 4-byte ASN (RFC 6793). */
export const MAX_ASN = 4294967295;
const PRIVATE_RANGES = '64512–65534 and 4200000000–4294967294';

type AsnKind = 'private' | 'public' | 'reserved';

/** RFC 6996 private ranges; RFC 7300/5398/6793 reserved ones (last ASNs, documentation, AS_TRANS). */
export function asnKind(asn: number): AsnKind {
  if ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294)) return 'private';
  if (asn === 23456 || asn === 65535 || asn === MAX_ASN || (asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551)) return 'reserved';
  return 'public';
}

function validAsn(asn: number, allowZero: boolean): boolean {
  return Number.isInteger(asn) && asn >= (allowZero ? 0 : 1) && asn <= MAX_ASN;
}

/**
 * ASNs must be 1–4294967295 (a peer's may be 0: "take it from the OPEN message"). A private ASN
 * next to a public one is legal but usually a typo (6500 for 65000), so it is a warning.
 */
export function checkBgpAsns(cluster: ResolvedCluster): Diagnostic[] {
  const bgp = cluster.bgp;
  if (!bgp) return [];
  const out: Diagnostic[] = [];
  const localOk = validAsn(bgp.localASN, false);
  if (!localOk) {
    out.push(error(at('loadBalancer', 'bgp', 'localASN'), `${bgp.localASN} is not a valid ASN; ASNs are 1–${MAX_ASN}`,
      `Use your autonomous system number, e.g. a private one (${PRIVATE_RANGES}).`));
  } else if (asnKind(bgp.localASN) === 'reserved') {
    out.push(warning(at('loadBalancer', 'bgp', 'localASN'), `ASN ${bgp.localASN} is reserved (AS_TRANS, documentation or last ASN) and routers may refuse it`,
      `Use a private ASN (${PRIVATE_RANGES}) or one assigned to you.`));
  }
  for (const peer of bgp.peers) {
    const path = at('loadBalancer', 'bgp', 'peers', peer.index, 'asn');
    if (!validAsn(peer.asn, true)) {
      out.push(error(path, `${peer.asn} is not a valid ASN; peer ASNs are 1–${MAX_ASN}, or 0 to accept the ASN the peer announces in its OPEN message`,
        'Use the router\'s ASN.'));
      continue;
    }
    if (peer.asn === 0 || !localOk) continue;
    const local = asnKind(bgp.localASN);
    const remote = asnKind(peer.asn);
    if (remote === 'reserved') {
      out.push(warning(path, `peer "${peer.name}" has the reserved ASN ${peer.asn} (AS_TRANS, documentation or last ASN)`, 'Check the router\'s ASN.'));
    } else if (local !== 'reserved' && local !== remote) {
      out.push(warning(path,
        `peer "${peer.name}" has ${remote} ASN ${peer.asn} but the local ASN ${bgp.localASN} is ${local}; a private/public mix is usually a mistyped ASN`,
        `Check both ASNs (private ASNs are ${PRIVATE_RANGES}); a public router must also strip private ASNs before passing routes on.`));
    }
  }
  return out;
}
