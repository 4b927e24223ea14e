/**
 * The remaining checks read whole on each branch: L2 policies that announce nothing (check 9), the
 * Cilium release (check 15), kubelet-reserved node labels (check 24), k3s `disable` and `tokenFile`
 * (check 25), a shared IP over L2 (check 28), control characters at their cap of 20 findings
 * (check 31) and the Gateway API CRDs (check 37). In process, one check at a time.
 */
import { describe, expect, it } from 'vitest';
import { checkL2PolicyAnnounces } from '../../src/checks/09-l2-policy-announces.js';
import { checkCiliumVersion } from '../../src/checks/15-cilium-version.js';
import { checkKubeletNodeLabels } from '../../src/checks/24-kubelet-node-labels.js';
import { checkK3sSettings } from '../../src/checks/25-k3s-settings.js';
import { checkL2SharedIp } from '../../src/checks/28-l2-shared-ip.js';
import { checkControlCharacters } from '../../src/checks/31-control-characters.js';
import { checkGatewayApi } from '../../src/checks/37-gateway-api.js';
import { edited, HOMELAB, run } from './run-check.js';

describe('checks 9 and 15: a policy that announces nothing; an unsupported release', () => {
  it('reports each at its own path', () => {
    expect(run(checkL2PolicyAnnounces, edited(HOMELAB, ['loadBalancer.l2.policies[0].loadBalancerIPs', false], ['loadBalancer.l2.policies[0].externalIPs', false]))).toEqual([
      'loadBalancer.l2.policies[0]: policy "default-policy" announces nothing: loadBalancerIPs and externalIPs are both false. '
        + 'Set loadBalancerIPs: true to announce pool addresses (and externalIPs: true for Services\' externalIPs).',
    ]);
    expect(run(checkL2PolicyAnnounces, edited(HOMELAB))).toEqual([]);
    expect(run(checkCiliumVersion, edited(HOMELAB, ['cilium.version', '1.17.9']))[0]).toMatch(/^cilium\.version: Cilium 1\.17\.9 is not supported; /);
    expect(run(checkCiliumVersion, edited(HOMELAB))).toEqual([]);
  });
});

describe('check 24: labels the kubelet may not set on its own Node', () => {
  const RESERVED = (key: string) => `the kubelet may not set "${key}" on its own Node (k3s passes node-label as --node-labels): kubernetes.io and k8s.io labels are reserved `
    + 'except kubelet.kubernetes.io/*, node.kubernetes.io/* and the kubelet\'s own (kubernetes.io/hostname, topology.kubernetes.io/zone, …), so the kubelet exits and k3s does not start.';
  const LATER = (node: string, key: string, value: string) => `Remove it here and label the node once it joined: kubectl label node ${node} ${key}=${value} `
    + '(or use a label of your own, e.g. node-role=worker, which the kubelet may set).';

  it('k3s\'s own label on a server, any other reserved one on any node; allowed namespaces and invalid keys (check 23\'s) pass', () => {
    expect(run(checkKubeletNodeLabels, edited(HOMELAB, ['nodes', [
      { name: 's', role: 'server', address: '192.168.1.10/24', labels: { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/worker': 'true',
        'node.kubernetes.io/x': 'y', 'Bad Key/x': 'y', 'k8s.io/x': 'y', 'example.com/k': 'v' } },
      { name: 'a', role: 'agent', address: '192.168.1.11/24', labels: { 'node-role.kubernetes.io/control-plane': 'true' } }]]))).toEqual([
      `nodes[0].labels["node-role.kubernetes.io/control-plane"]: ${RESERVED('node-role.kubernetes.io/control-plane')} `
        + 'Remove it: k3s sets node-role.kubernetes.io/control-plane on servers itself.',
      `nodes[0].labels["node-role.kubernetes.io/worker"]: ${RESERVED('node-role.kubernetes.io/worker')} ${LATER('s', 'node-role.kubernetes.io/worker', 'true')}`,
      `nodes[0].labels["k8s.io/x"]: ${RESERVED('k8s.io/x')} ${LATER('s', 'k8s.io/x', 'y')}`,
      `nodes[1].labels["node-role.kubernetes.io/control-plane"]: ${RESERVED('node-role.kubernetes.io/control-plane')} ${LATER('a', 'node-role.kubernetes.io/control-plane', 'true')}`,
    ]);
  });
});

describe('check 25: k3s disable and tokenFile', () => {
  const ALL = 'coredns, servicelb, traefik, local-storage, metrics-server, runtimes';
  const NOT = (i: number, item: string, fix: string) => `k3s.disable[${i}]: "${item}" is not a packaged k3s component; k3s ignores it and leaves everything running. ${fix}`;

  it('unknown entries (with the nearest name), no-op entries, and a relative token file', () => {
    expect(run(checkK3sSettings, edited(HOMELAB, ['k3s.disable', ['traefik', 'traefk', 'flannel', 'kube-proxy', 'zzz', 'gateway-api-crd', 'servicelb']], ['k3s.tokenFile', 'token']))).toEqual([
      NOT(1, 'traefk', `Did you mean "traefik"? k3s can disable: ${ALL}, gateway-api-crd (v1.37+).`),
      'warning: k3s.disable[2]: flannel is not a packaged component; k3s turns it off with flannel-backend: none, which every server config here sets, '
        + 'so the entry is a no-op and is left out of the rendered list. You may remove it.',
      'warning: k3s.disable[3]: kube-proxy is not a packaged component; k3s turns it off with disable-kube-proxy, which every server config here sets, '
        + 'so the entry is a no-op and is left out of the rendered list. You may remove it.',
      NOT(4, 'zzz', `k3s can disable: ${ALL}, gateway-api-crd (v1.37+).`),
      'k3s.tokenFile: "token" is not an absolute path; k3s would read it relative to the directory it was started in. Write the full path, e.g. /etc/rancher/k3s/token.',
    ]);
  });

  it('every name that is no packaged component is explained whole: the no-op network-policy, and the controllers disable cannot turn off', () => {
    const CCM = 'the cloud controller is not a packaged component: k3s turns it off with the disable-cloud-controller flag. Remove the entry.';
    expect(run(checkK3sSettings, edited(HOMELAB, ['k3s.disable', ['network-policy', 'helm-controller', 'cloud-controller', 'ccm']]))).toEqual([
      'warning: k3s.disable[0]: the network-policy controller is not a packaged component; k3s turns it off with disable-network-policy, which every server config here sets, '
        + 'so the entry is a no-op and is left out of the rendered list. You may remove it.',
      'k3s.disable[1]: the helm controller is not a packaged component, and it must run: it installs Cilium from k3s/manifests/cilium.yaml. Remove the entry.',
      `k3s.disable[2]: ${CCM}`,
      `k3s.disable[3]: ${CCM}`,
    ]);
  });

  it('gateway-api-crd: from k3s v1.37 on (warned on v1.36, listed plainly once the version is pinned)', () => {
    expect(run(checkK3sSettings, edited(HOMELAB, ['k3s.disable', ['gateway-api-crd', 'zzz']], ['k3s.version', 'v1.36.1+k3s1']))).toEqual([
      'warning: k3s.disable[0]: "gateway-api-crd" is a packaged component from k3s v1.37 on; k3s v1.36 has none and ignores the entry. Keep it if you are about to upgrade, else remove it.',
      NOT(1, 'zzz', `k3s can disable: ${ALL}.`),
    ]);
    expect(run(checkK3sSettings, edited(HOMELAB, ['k3s.disable', ['gateway-api-crd', 'zzz']], ['k3s.version', 'v1.37.0+k3s1']))).toEqual([
      NOT(1, 'zzz', `k3s can disable: ${ALL}, gateway-api-crd.`),
    ]);
  });
});

describe('check 28: one IP shared over L2', () => {
  const shared = (version: string, ...more: [string, unknown][]) => run(checkL2SharedIp, edited(HOMELAB, ['cilium.version', version], ['loadBalancer.reservations', [
    { service: 'a/a', ip: '192.168.1.105', sharingKey: 'k' }, { service: 'a/b', ip: '192.168.1.105', sharingKey: 'k' }, { service: 'a/c', ip: '192.168.1.105', sharingKey: 'k' },
    { service: 'a/d', ip: '192.168.1.106', sharingKey: 'k' }, { service: 'a/e', ip: '192.168.1.106', sharingKey: 'j' },
    { service: 'a/f', ip: '192.168.1.107' }, { service: 'a/g', ip: '192.168.1.107' }]], ...more));

  it('every later Service sharing an IP and key with the first is warned; not over BGP', () => {
    expect(shared('1.20.0')).toEqual(['b', 'c'].map((s, i) => `warning: loadBalancer.reservations[${i + 1}].sharingKey: a/${s} shares 192.168.1.105 with a/a (sharingKey "k") `
      + 'on pool "default-pool", announced over L2: Cilium 1.20.0 elects the announcing node per Service, so two nodes can answer ARP/NDP for 192.168.1.105 '
      + 'and connections break when a client\'s ARP cache flips (cilium/cilium#48419). Give each Service its own IP, or announce this pool over BGP (announce: bgp).'));
    expect(shared('1.20.0', ['loadBalancer.pools[0].announce', 'bgp'])).toEqual([]);
  });

  it('a pinned IP in no pool is check 5\'s, not this one\'s, even when it shares its key', () => {
    expect(run(checkL2SharedIp, edited(HOMELAB, ['loadBalancer.reservations', [
      { service: 'a/a', ip: '10.9.9.9', sharingKey: 'k' }, { service: 'a/b', ip: '10.9.9.9', sharingKey: 'k' }]]))).toEqual([]);
  });
});

describe('check 31: control characters', () => {
  const FIX = 'Names, labels and patterns are one line of plain text: remove the character.';

  it('in values and keys, at their paths', () => {
    expect(run(checkControlCharacters, edited(HOMELAB, ['name', 'a\nb'], ['nodes[0].labels', { 'k\u0007': 'v', ok: 'x\u009f', 'z\u2028': 'q' }],
      ['nodes[0].interfaces', ['eth0', 'e\tth']]))).toEqual([
      `name: "a\\nb" holds U+000A (newline), a control character. ${FIX}`,
      `nodes[0].interfaces[1]: "e\\tth" holds U+0009 (tab), a control character. ${FIX}`,
      `nodes[0].labels: the key ${JSON.stringify('z\u2028')} holds U+2028, a control character. ${FIX}`,
      `nodes[0].labels: the key "k\\u0007" holds U+0007 (control character ^G), a control character. ${FIX}`,
      `nodes[0].labels.ok: ${JSON.stringify('x\u009f')} holds U+009F, a control character. ${FIX}`,
    ]);
  });

  it('at most 20 findings; an object reached twice is walked once', () => {
    const lines = run(checkControlCharacters, edited(HOMELAB, ['nodes[0].interfaces', Array.from({ length: 25 }, (_, i) => `e${i}\n`)]));
    expect(lines).toHaveLength(20);
    expect(lines[19]).toBe(`nodes[0].interfaces[19]: "e19\\n" holds U+000A (newline), a control character. ${FIX}`);
    const labels = { role: 'a\tb' };
    const spec = edited(HOMELAB, ['nodes[0].labels', labels], ['loadBalancer.pools[0].serviceSelector', { matchLabels: labels }]);
    expect(run(checkControlCharacters, spec)).toEqual([`nodes[0].labels.role: "a\\tb" holds U+0009 (tab), a control character. ${FIX}`]);
  });
});

describe('check 37: Gateway API CRDs from k3s', () => {
  const gateway = (g: object, version?: string) => run(checkGatewayApi, edited(HOMELAB, ['cilium.gatewayAPI', g], ['k3s.version', version]));
  const FIX = 'Pin k3s.version to v1.37 or later, or set crds: user and install the CRDs yourself (PLAN.md lists them).';

  it('crds: k3s needs a pinned k3s v1.37 or later', () => {
    expect(gateway({ enabled: true, crds: 'k3s' })).toEqual([`cilium.gatewayAPI.crds: k3s installs the Gateway API CRDs from v1.37 on, and k3s.version is not pinned. ${FIX}`]);
    expect(gateway({ enabled: true, crds: 'k3s' }, 'v1.36.1+k3s1')).toEqual([`cilium.gatewayAPI.crds: k3s installs the Gateway API CRDs from v1.37 on, and k3s v1.36.1+k3s1 ships none. ${FIX}`]);
    expect(gateway({ enabled: true, crds: 'k3s' }, 'v1.37.0+k3s1')).toEqual([]);
    expect(gateway({ enabled: true, crds: 'user' })).toEqual([]);
    expect(gateway({ enabled: false, crds: 'k3s' })).toEqual([]);
  });
});
