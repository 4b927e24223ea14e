/**
 * The field validators of src/checks/fields.ts on their own, each at its limit and one past it: the
 * numbered checks run them on cluster files and the constructs used alone on their props, so one
 * oracle here serves both paths (test/limits and test/constructs run the paths themselves).
 */
import { describe, expect, it } from 'vitest';
import {
  blockCidrDiagnostics, canonicalCidrDiagnostics, ciliumVersionDiagnostics, ciliumVersionFormatDiagnostic, duplicateNameDiagnostic, imageReferenceDiagnostics,
  intervalSecondsDiagnostics,
  l2InterfacePatternDiagnostics, namespaceLabelDiagnostics, noBlocksDiagnostic, notACidr, patternTextDiagnostics, policyAnnouncesDiagnostics,
  rpFilterModeDiagnostics, rpFilterPatternDiagnostics, subdomainNameDiagnostics,
} from '../../src/checks/fields.js';
import type { Diagnostic } from '../../src/model/diagnostics.js';
import { compileRe2 } from '../../src/model/regex.js';
import { SUGGESTED_CILIUM_RELEASE, SUPPORTED_CILIUM_MINORS, SUPPORTED_CILIUM_RANGE } from '../../src/model/cilium-versions.js';

const lines = (ds: Diagnostic[]) => ds.map((d) => `${d.severity} ${d.path}: ${d.message}. ${d.fix}`);

describe('numbers and texts at their limits', () => {
  it('intervalSeconds: whole seconds from 1 to 86400', () => {
    for (const ok of [1, 60, 86400]) expect(intervalSecondsDiagnostics('p', ok)).toEqual([]);
    for (const bad of [0, 86401, 1.5, -1, '60', undefined, Number.NaN]) {
      expect(lines(intervalSecondsDiagnostics('p', bad))).toEqual([`error p: ${JSON.stringify(bad)} is not a whole number of seconds from 1 to 86400. Use e.g. 60.`]);
    }
  });

  it('an image reference: 1 to 512 characters, no space or control character', () => {
    for (const ok of ['busybox:1.37@sha256:abc', 'i'.repeat(512)]) expect(imageReferenceDiagnostics('p', ok)).toEqual([]);
    for (const bad of ['', 'i'.repeat(513), 'busy box', 'busybox\u0085', 'busybox\n', 42, undefined]) {
      expect(lines(imageReferenceDiagnostics('p', bad))).toEqual([`error p: ${JSON.stringify(bad)} is not an image reference. `
        + 'Write an image without spaces or control characters, pinned by digest: name:tag@sha256:<digest>.']);
    }
  });

  it('a pattern\'s text: 1 to 256 characters without a control character', () => {
    for (const ok of ['^eth', 'e'.repeat(256)]) expect(patternTextDiagnostics('p', ok)).toEqual([]);
    for (const bad of ['', 'e'.repeat(257), 7, undefined]) {
      expect(lines(patternTextDiagnostics('p', bad))).toEqual([
        `error p: ${JSON.stringify(bad)} is not a pattern of 1 to 256 characters. Write a POSIX extended regex, e.g. ^eth[0-9]+.`,
      ]);
    }
    for (const bad of ['eth\n0', 'eth\u009f']) {
      expect(lines(patternTextDiagnostics('p', bad))).toEqual([
        `error p: ${JSON.stringify(bad)} holds a control character, which would split the script's grep pattern. Remove it.`,
      ]);
    }
  });

  it('a namespace: a DNS-1123 label of at most 63 characters', () => {
    for (const ok of ['kube-system', 'n'.repeat(63)]) expect(namespaceLabelDiagnostics('p', ok)).toEqual([]);
    for (const bad of ['n'.repeat(64), 'Kube', '', 3]) {
      expect(lines(namespaceLabelDiagnostics('p', bad))).toEqual([`error p: namespace ${JSON.stringify(bad)} is not a DNS-1123 label. `
        + 'Use lowercase letters, digits and \'-\', at most 63, starting and ending with a letter or digit, e.g. kube-system.']);
    }
  });

  it('rp_filter: 0 and 2 pass, 1 is strict, anything else no mode', () => {
    for (const ok of [0, 2]) expect(rpFilterModeDiagnostics('p', ok)).toEqual([]);
    expect(lines(rpFilterModeDiagnostics('p', 1))).toEqual([
      'error p: rpFilter 1 (strict) drops return packets that leave by another interface than they arrived on, which Cilium\'s datapath does. Use 0 (off) or 2 (loose).',
    ]);
    for (const bad of [3, -1, '0', undefined]) {
      expect(lines(rpFilterModeDiagnostics('p', bad))).toEqual([`error p: rpFilter ${JSON.stringify(bad)} is not a valid rp_filter mode. Use 0 (off) or 2 (loose).`]);
    }
  });
});

describe('patterns', () => {
  it('an rp-filter pattern must be valid and plain POSIX ERE', () => {
    expect(rpFilterPatternDiagnostics('p', '^(eth|ens)[0-9]+$')).toEqual([]);
    expect(lines(rpFilterPatternDiagnostics('p', '['))).toEqual([`error p: "[" is not a valid regular expression: ${(compileRe2('[') as { error: string }).error}. `
      + 'Write a POSIX extended regex, e.g. ^eth[0-9]+.']);
    expect(lines(rpFilterPatternDiagnostics('p', '^eth\\d+'))).toEqual([
      'error p: "^eth\\\\d+" uses \\d, which busybox grep -E (POSIX ERE) in the rp-filter DaemonSet does not understand. Use [0-9].',
    ]);
    expect(rpFilterPatternDiagnostics('p', '^eth[0-9]+', compileRe2('^eth[0-9]+'))).toEqual([]);
  });

  it('an L2 interface pattern must be Go RE2', () => {
    expect(l2InterfacePatternDiagnostics('p', '^eth', compileRe2('^eth'))).toEqual([]);
    const compiled = compileRe2('(?=x)');
    expect(lines(l2InterfacePatternDiagnostics('p', '(?=x)', compiled))).toEqual([
      `error p: "(?=x)" is not a valid Go (RE2) regular expression: ${(compiled as { error: string }).error}. `
        + 'Cilium compiles interfaces with Go\'s regexp: there are no lookarounds or backreferences; list alternatives instead, e.g. ^(eth|ens)[0-9]+$.',
    ]);
  });
});

describe('names, policies, versions, blocks', () => {
  it('a subdomain name and a duplicate', () => {
    expect(subdomainNameDiagnostics('p', 'pool', 'a.b-c')).toEqual([]);
    expect(lines(subdomainNameDiagnostics('p', 'pool', 'A'))).toEqual([
      'error p: pool name "A" is not a valid DNS-1123 subdomain. Use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, e.g. default-pool.',
    ]);
    expect(lines([duplicateNameDiagnostic('p', 'pool', 'a', 'q')])).toEqual(['error p: pool name "a" is already used by q. Give every pool its own name.']);
  });

  it('a policy announces something', () => {
    expect(policyAnnouncesDiagnostics('p', { name: 'x', loadBalancerIPs: true, externalIPs: false })).toEqual([]);
    expect(policyAnnouncesDiagnostics('p', { name: 'x', loadBalancerIPs: false, externalIPs: true })).toEqual([]);
    expect(lines(policyAnnouncesDiagnostics('p', { name: 'x', loadBalancerIPs: false, externalIPs: false }))).toEqual([
      'error p: policy "x" announces nothing: loadBalancerIPs and externalIPs are both false. '
        + 'Set loadBalancerIPs: true to announce pool addresses (and externalIPs: true for Services\' externalIPs).',
    ]);
  });

  it('a supported Cilium release', () => {
    expect(ciliumVersionDiagnostics('p', SUGGESTED_CILIUM_RELEASE)).toEqual([]);
    expect(lines(ciliumVersionDiagnostics('p', '1.17.0'))).toEqual([
      `error p: Cilium 1.17.0 is not supported; supported releases are ${SUPPORTED_CILIUM_RANGE}. Use a ${SUPPORTED_CILIUM_MINORS} release, e.g. ${SUGGESTED_CILIUM_RELEASE}.`,
    ]);
  });

  it('a malformed release: a leading "v", a pre-release or build, or no release, whatever the number of digits and only at the start', () => {
    const fix = `Use a ${SUPPORTED_CILIUM_MINORS} release, e.g. ${SUGGESTED_CILIUM_RELEASE}.`;
    const leadingV = (v: string) => `error p: "${v}" has a leading "v". Write the release without it: ${v.slice(1)}.`;
    const pre = (v: string) => `error p: "${v}" is a pre-release or a build; supported releases are ${SUPPORTED_CILIUM_RANGE}. ${fix}`;
    const none = (v: unknown) => `error p: ${JSON.stringify(v)} is not a Cilium release (major.minor.patch). ${fix}`;
    for (const v of ['v1.19.4', 'v10.19.40']) expect(lines([ciliumVersionFormatDiagnostic('p', v)])).toEqual([leadingV(v)]);
    for (const v of ['1.21.0-pre.0', 'v1.19.4-rc.1', '10.0.0-rc.1', '1.19.40+build', 'v1.19.4+b']) expect(lines([ciliumVersionFormatDiagnostic('p', v)])).toEqual([pre(v)]);
    for (const v of ['xv1.19.4', 'v1.19.4x', 'x1.19.4-rc.1', '1.19', 1.19]) expect(lines([ciliumVersionFormatDiagnostic('p', v)])).toEqual([none(v)]);
  });

  it('CIDRs and blocks', () => {
    expect(lines([notACidr('p', 5)])).toEqual(['error p: 5 is not a CIDR. Write an IPv4 or IPv6 network with its prefix length, e.g. 192.168.1.96/28 or fd00:1::/120.']);
    expect(lines(canonicalCidrDiagnostics('p', '10.0.0.0/33'))).toEqual([
      'error p: "10.0.0.0/33" is not a CIDR. Write an IPv4 or IPv6 network with its prefix length, e.g. 192.168.1.96/28 or fd00:1::/120.',
    ]);
    expect(canonicalCidrDiagnostics('p', '10.0.0.0/32')).toEqual([]);
    expect(lines(blockCidrDiagnostics('p', '10.0.0.1/31'))).toEqual([
      'error p: 10.0.0.1/31 has host bits set; the block is 10.0.0.0/31 (.0–.1). Write cidr: 10.0.0.0/31 for that block, '
        + 'or start: 10.0.0.1 and stop: 10.0.0.2 if 2 addresses from 10.0.0.1 were meant.',
    ]);
    // The suggested stop is the written start plus the block's size, cut at the family's last address: one below it and past it
    // (the start that ends exactly at it is the aligned block itself, which has no host bits).
    expect(lines(blockCidrDiagnostics('p', '255.255.255.239/28'))[0]).toContain('start: 255.255.255.239 and stop: 255.255.255.254 if 16 addresses');
    expect(lines(blockCidrDiagnostics('p', '255.255.255.240/28'))).toEqual([]);
    expect(lines(blockCidrDiagnostics('p', '255.255.255.241/28'))[0]).toContain('start: 255.255.255.241 and stop: 255.255.255.255 if 16 addresses');
    expect(lines([noBlocksDiagnostic('p', 'x')])).toEqual(['error p: pool "x" has no blocks. Give it at least one cidr or start/stop block.']);
  });
});
