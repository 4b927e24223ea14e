/**
 * The checks of where things sit and how they are written, read whole on each branch and at each
 * edge: L2 pools on node subnets and the subnet's own addresses (check 4, /30, /31, /127 and /128
 * subnets), dual-stack lists (check 17), labels, taints and selectors (check 23) and ranges against
 * node subnets and the Service CIDR's size (check 38). In process, one check at a time.
 */
import { describe, expect, it } from 'vitest';
import { checkL2PoolsOnNodeSubnets } from '../../src/checks/04-l2-pools-on-node-subnets.js';
import { checkDualStack } from '../../src/checks/17-dual-stack.js';
import { checkLabelsAndSelectors } from '../../src/checks/23-labels-and-selectors.js';
import { checkNetworkPlacement } from '../../src/checks/38-network-placement.js';
import { BGP, DUAL, edited, HOMELAB, run } from './run-check.js';

describe('check 4: L2 pools on the announcing nodes\' subnets', () => {
  const SEGMENT = 'ARP/NDP replies only reach the nodes\' own segment: take the addresses from that subnet, or announce the pool over BGP.';
  const EDGE = (i: number, j: number, range: string, ip: string, what: string, node: string, subnet: string) =>
    `loadBalancer.pools[${i}].blocks[${j}]: ${range} includes ${ip}, the ${what} address of node ${node}'s subnet ${subnet}: `
    + 'hosts on the segment treat it as the subnet itself, so a Service given it is unreachable. '
    + 'Leave it out with start/stop blocks, e.g. from the second to the second-to-last address of the range.';
  const blocks = (file: string, pool: number, b: object[], ...more: [string, unknown][]) =>
    run(checkL2PoolsOnNodeSubnets, edited(file, [`loadBalancer.pools[${pool}].blocks`, b], ...more));

  it('a block off every announcing node\'s subnet, naming the subnets of its family (or their absence)', () => {
    expect(blocks(HOMELAB, 1, [{ cidr: '192.168.2.0/30' }, { cidr: 'fd00::/120' }, { start: '192.168.1.250', stop: '192.168.2.1' }])).toEqual([
      `loadBalancer.pools[1].blocks[0]: 192.168.2.0–192.168.2.3 is announced over L2 by "default-policy" but lies outside the subnet of every node announcing it (cp-1: 192.168.1.0/24). ${SEGMENT}`,
      `loadBalancer.pools[1].blocks[1]: fd00::–fd00::ff is announced over L2 by "default-policy" but lies outside the subnet of every node announcing it (none of them has an IPv6 address). ${SEGMENT}`,
      `loadBalancer.pools[1].blocks[2]: 192.168.1.250–192.168.2.1 is announced over L2 by "default-policy" but lies outside the subnet of every node announcing it (cp-1: 192.168.1.0/24). ${SEGMENT}`,
    ]);
    // An IPv6 pool on a release without NDP is check 17's; a policy selecting no node is check 8's.
    expect(blocks(DUAL, 0, [{ cidr: 'fd00:99::/120' }], ['cilium.version', '1.18.10'])).toEqual([]);
    expect(blocks(HOMELAB, 1, [{ cidr: '192.168.2.0/30' }], ['loadBalancer.l2.policies[0].nodeSelector', { matchLabels: { none: 'x' } }])).toEqual([]);
  });

  it('the network and broadcast address of an IPv4 subnet, each at the range\'s edge; allowFirstLastIPs: false keeps them out', () => {
    expect(blocks(HOMELAB, 1, [{ start: '192.168.1.0', stop: '192.168.1.1' }, { start: '192.168.1.254', stop: '192.168.1.255' }, { start: '192.168.1.1', stop: '192.168.1.254' }])).toEqual([
      EDGE(1, 0, '192.168.1.0–192.168.1.1', '192.168.1.0', 'network', 'cp-1', '192.168.1.0/24'),
      EDGE(1, 1, '192.168.1.254–192.168.1.255', '192.168.1.255', 'broadcast', 'cp-1', '192.168.1.0/24'),
    ]);
    expect(blocks(HOMELAB, 1, [{ cidr: '192.168.1.0/30' }])).toEqual([EDGE(1, 0, '192.168.1.0–192.168.1.3', '192.168.1.0', 'network', 'cp-1', '192.168.1.0/24')]);
    expect(blocks(HOMELAB, 1, [{ cidr: '192.168.1.0/30' }], ['loadBalancer.pools[1].allowFirstLastIPs', false])).toEqual([]);
  });

  it('a /30 subnet has a network and broadcast address, a /31 none; an IPv6 /127 its anycast address, a /128 none', () => {
    expect(run(checkL2PoolsOnNodeSubnets, edited(HOMELAB,
      ['nodes', [{ name: 'a', role: 'server', address: '192.168.1.9/30', interfaces: ['eth0'] }, { name: 'b', role: 'agent', address: '192.168.1.12/31', interfaces: ['eth0'] }]],
      ['loadBalancer.pools[0].blocks', [{ start: '192.168.1.10', stop: '192.168.1.11' }]], ['loadBalancer.pools[1].blocks', [{ start: '192.168.1.12', stop: '192.168.1.13' }]]))).toEqual([
      EDGE(0, 0, '192.168.1.10–192.168.1.11', '192.168.1.11', 'broadcast', 'a', '192.168.1.8/30'),
    ]);
    expect(blocks(DUAL, 0, [{ start: 'fd00:30::', stop: 'fd00:30::1' }, { start: 'fd00:30::ffff:ffff:ffff:fffe', stop: 'fd00:30::ffff:ffff:ffff:ffff' }])).toEqual([
      EDGE(0, 0, 'fd00:30::–fd00:30::1', 'fd00:30::', 'Subnet-Router anycast', 'cp-1', 'fd00:30::/64'),
    ]);
    expect(blocks(DUAL, 0, [{ start: 'fd00:30::10', stop: 'fd00:30::11' }, { start: 'fd00:31::10' }],
      ['nodes', [{ name: 'a', role: 'server', address: '192.168.30.10/24,fd00:30::10/127' }, { name: 'b', role: 'agent', address: '192.168.30.11/24,fd00:31::10/128' }]])).toEqual([
      EDGE(0, 0, 'fd00:30::10–fd00:30::11', 'fd00:30::10', 'Subnet-Router anycast', 'a', 'fd00:30::10/127'),
    ]);
  });
});

describe('check 17: dual-stack', () => {
  const TWO = 'dual-stack is exactly one IPv4 and one IPv6 entry. Write `<IPv4>,<IPv6>` (or `<IPv6>,<IPv4>` for IPv6-primary).';

  it('a list that is not one CIDR of each family', () => {
    expect(run(checkDualStack, edited(DUAL, ['k3s.clusterCidr', '10.42.0.0/16,x'], ['k3s.serviceCidr', '10.43.0.0/16,10.44.0.0/16']))).toEqual([
      'k3s.clusterCidr: "x" is not a CIDR. Write a CIDR, or an IPv4 and an IPv6 one separated by a comma.',
      `k3s.serviceCidr: holds 2 entries of families IPv4, IPv4; ${TWO}`,
      'loadBalancer.pools[0].blocks[1]: pool "services" has IPv6 addresses but the cluster has no IPv6, so no Service can use them. '
        + 'Make the cluster dual-stack (an IPv6 CIDR in k3s.clusterCidr and k3s.serviceCidr, IPv6 node addresses) or remove the block.',
    ]);
    expect(run(checkDualStack, edited(DUAL, ['k3s.clusterCidr', 'fd00:10:42::/56'], ['k3s.serviceCidr', 'fd00:10:43::/112,10.43.0.0/16,fd00::/112']))).toEqual([
      `k3s.serviceCidr: holds 3 entries of families IPv6, IPv4, IPv6; ${TWO}`,
      'k3s.clusterCidr: IPv6-only clusters are not supported: Cilium\'s native routing and the L2 checks here need an IPv4 pod CIDR. Add an IPv4 CIDR: `10.42.0.0/16,<IPv6 CIDR>`.',
      ...['cp-1', 'worker-1', 'worker-2'].map((n, i) => `nodes[${i}].address: node "${n}" has two addresses but k3s.clusterCidr is single-stack. `
        + 'Add the IPv6 CIDRs to k3s.clusterCidr and k3s.serviceCidr, or keep one address.'),
    ]);
  });

  it('the same families in the same order for Services and every node; an external address list is one of each family too', () => {
    expect(run(checkDualStack, edited(DUAL, ['k3s.serviceCidr', 'fd00:10:43::/112,10.43.0.0/16'], ['nodes[0].address', '192.168.30.10/24'],
      ['nodes[1].address', 'fd00:30::21/64,192.168.30.21/24'], ['nodes[2].externalAddress', '1.2.3.4,5.6.7.8']))).toEqual([
      'k3s.serviceCidr: families IPv6,IPv4 differ from k3s.clusterCidr\'s IPv4,IPv6; Kubernetes needs the same families, primary first, for pods and Services. '
        + 'Write the service CIDRs in the order IPv4,IPv6.',
      'nodes[0].address: node "cp-1" has only an IPv4 address but the cluster is dual-stack IPv4,IPv6; the kubelet\'s node-ip needs one address of each family, in that order. '
        + 'Write `<IPv4>/<len>,<IPv6>/<len>`.',
      'nodes[1].address: node "worker-1" has addresses in the order IPv6,IPv4 but the cluster is dual-stack IPv4,IPv6; the kubelet\'s node-ip needs one address of each family, '
        + 'in that order. Write `<IPv4>/<len>,<IPv6>/<len>`.',
      `nodes[2].externalAddress: holds 2 entries of families IPv4, IPv4; ${TWO}`,
    ]);
    expect(run(checkDualStack, edited(DUAL, ['nodes[2].externalAddress', '1.2.3.4,2001:db8::1'], ['nodes[1].externalAddress', 'x,2001:db8::2']))).toEqual([
      'nodes[1].externalAddress: "x" is not an IP address. Write an IP address, or an IPv4 and an IPv6 one separated by a comma.',
    ]);
    expect(run(checkDualStack, edited(DUAL))).toEqual([]);
  });

  it('IPv6 settings on a single-stack cluster', () => {
    expect(run(checkDualStack, edited(HOMELAB, ['nodes[0].address', '192.168.1.10/24,fd00::10/64'], ['cilium.ipv6NativeRoutingCIDR', 'fd00::/64'],
      ['loadBalancer.pools[1].blocks', [{ cidr: '192.168.1.200/30' }, { cidr: 'fd00::/120' }]]))).toEqual([
      'nodes[0].address: node "cp-1" has two addresses but k3s.clusterCidr is single-stack. Add the IPv6 CIDRs to k3s.clusterCidr and k3s.serviceCidr, or keep one address.',
      'cilium.ipv6NativeRoutingCIDR: is set but the cluster has no IPv6 (k3s.clusterCidr holds no IPv6 CIDR). Remove it, or make the cluster dual-stack.',
      'loadBalancer.pools[1].blocks[1]: pool "critical" has IPv6 addresses but the cluster has no IPv6, so no Service can use them. '
        + 'Make the cluster dual-stack (an IPv6 CIDR in k3s.clusterCidr and k3s.serviceCidr, IPv6 node addresses) or remove the block.',
    ]);
  });

  it('IPv6-primary: the loopback API host must be ::1; IPv6 over L2 needs Cilium 1.19', () => {
    const v6first = (host: string) => run(checkDualStack, edited(DUAL, ['k3s.clusterCidr', 'fd00:10:42::/56,10.42.0.0/16'], ['k3s.serviceCidr', 'fd00:10:43::/112,10.43.0.0/16'],
      ['k3s.apiServer.host', host], ['nodes', [{ name: 'a', role: 'server', address: 'fd00:30::10/64,192.168.30.10/24' }]]));
    expect(v6first('127.0.0.1')).toEqual([
      'k3s.apiServer.host: with an IPv6 primary service CIDR, k3s\'s local API load balancer listens on [::1], not 127.0.0.1. Use host ::1.',
    ]);
    expect(v6first('::1')).toEqual([]);
    expect(v6first('192.168.30.10')).toEqual([]);
    expect(run(checkDualStack, edited(DUAL, ['cilium.version', '1.18.10']))).toEqual([
      'loadBalancer.pools[0].blocks[1]: pool "services" has IPv6 addresses announced over L2, but Cilium 1.18.10 L2 announcements answer ARP only; NDP for IPv6 came in Cilium 1.19. '
        + 'Use Cilium 1.19 or newer, or advertise the IPv6 block over BGP (announce: bgp).',
    ]);
    expect(run(checkDualStack, edited(DUAL, ['cilium.version', '1.18.10'], ['loadBalancer.l2', undefined], ['loadBalancer.pools[0].announce', 'l2']))).toEqual([]);
  });
});

describe('check 23: labels, taints and selectors', () => {
  const VALUE = 'a label value may only hold letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit (or be empty)';
  const NAME = 'the name part may only hold letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';
  const KUBELET = 'the kubelet refuses --node-labels with it and k3s does not start';
  const TAINT = 'the kubelet refuses the taint and k3s does not start';

  it('node labels and taints: a bad key is reported on the map, a bad value on its key; a taint is key[=value]:Effect', () => {
    expect(run(checkLabelsAndSelectors, edited(HOMELAB, ['nodes[0].labels', { 'Bad Key': 'v', ok: '-bad', 'a/b/c': 'x', fine: '', 'x.io/y': 'a.b_c' }],
      ['nodes[0].taints', ['k=v:NoSchedule', 'bad key:NoSchedule', 'k=-v:NoExecute', 'k:NoSchedule', 'nonsense', 'k=:NoSchedule']]))).toEqual([
      `nodes[0].labels: node label key "Bad Key" is invalid: ${NAME}; ${KUBELET}. Write a key such as "Bad-Key" or "example.com/Bad-Key".`,
      `nodes[0].labels.ok: "-bad" is not a valid label value: ${VALUE}; ${KUBELET}. Write e.g. "bad".`,
      `nodes[0].labels: node label key "a/b/c" is invalid: a label key has at most one '/' (between a DNS subdomain prefix and the name); ${KUBELET}. `
        + 'Write a key such as "c" or "example.com/c".',
      `nodes[0].taints[1]: taint key "bad key" is invalid: ${NAME}; ${TAINT}. Write a key such as "bad-key" or "example.com/bad-key".`,
      `nodes[0].taints[2]: taint value "-v" is invalid: ${VALUE}; ${TAINT}. Write e.g. "v".`,
    ]);
  });

  it('selectors of pools, L2 policies and BGP: matchLabels and every operator\'s values', () => {
    const POOL = 'the API server or Cilium refuses the selector of CiliumLoadBalancerIPPool "default-pool"';
    const POLICY = 'the API server or Cilium refuses the selector of CiliumL2AnnouncementPolicy "default-policy"';
    const S = 'loadBalancer.pools[0].serviceSelector';
    expect(run(checkLabelsAndSelectors, edited(HOMELAB, [S, { matchLabels: { 'a b': 'x' }, matchExpressions: [
      { key: 'k', operator: 'In' }, { key: 'k', operator: 'NotIn', values: [] }, { key: 'k', operator: 'Exists', values: ['a'] },
      { key: 'k', operator: 'DoesNotExist', values: ['a'] }, { key: 'bad key', operator: 'In', values: ['ok', '-no'] }, { key: 'k', operator: 'Exists' }] }],
    ['loadBalancer.l2.policies[0].nodeSelector', { matchLabels: { k: '-' } }], ['loadBalancer.l2.policies[0].serviceSelector', { matchLabels: { k: 'v_' } }],
    ['loadBalancer.reservations[0].labels', { 'k/': 'v', ok: 'x y' }]))).toEqual([
      `${S}.matchLabels: matchLabels key "a b" is invalid: ${NAME}; ${POOL}. Write a key such as "a-b" or "example.com/a-b".`,
      `${S}.matchExpressions[0].values: operator In needs at least one value; ${POOL}. List the values, or use Exists to match the key with any value.`,
      `${S}.matchExpressions[1].values: operator NotIn needs at least one value; ${POOL}. List the values, or use DoesNotExist to match the key with any value.`,
      `${S}.matchExpressions[2].values: operator Exists takes no values; ${POOL}. Remove values, or use In to match them.`,
      `${S}.matchExpressions[3].values: operator DoesNotExist takes no values; ${POOL}. Remove values, or use NotIn to match them.`,
      `${S}.matchExpressions[4].key: "bad key" is not a valid label key: ${NAME}; ${POOL}. Write a key such as "bad-key" or "example.com/bad-key".`,
      `${S}.matchExpressions[4].values[1]: "-no" is not a valid label value: ${VALUE}; ${POOL}. Write e.g. "no".`,
      `loadBalancer.l2.policies[0].nodeSelector.matchLabels.k: "-" is not a valid label value: ${VALUE}; ${POLICY}. Write a value of letters and digits, or an empty string.`,
      `loadBalancer.l2.policies[0].serviceSelector.matchLabels.k: "v_" is not a valid label value: ${VALUE}; ${POLICY}. Write e.g. "v".`,
      'loadBalancer.reservations[0].labels: Service label key "k/" is invalid: the name part is empty; the API server refuses Service default/my-service with it. '
        + 'Write a key such as "tier" or "example.com/tier".',
      `loadBalancer.reservations[0].labels.ok: "x y" is not a valid label value: ${VALUE}; the API server refuses Service default/my-service with it. Write e.g. "x-y".`,
    ]);
    expect(run(checkLabelsAndSelectors, edited(BGP, ['loadBalancer.bgp.nodeSelector', { matchLabels: { rack: 'r 1' } }]))).toEqual([
      `loadBalancer.bgp.nodeSelector.matchLabels.rack: "r 1" is not a valid label value: ${VALUE}; the API server or Cilium refuses the selector of CiliumBGPClusterConfig "bgp-tor". `
        + 'Write e.g. "r-1".',
    ]);
    expect(run(checkLabelsAndSelectors, edited(BGP))).toEqual([]);
  });
});

describe('check 38: ranges against node subnets; the Service CIDR\'s size', () => {
  const place = (file: string, ...e: [string, unknown][]) => run(checkNetworkPlacement, edited(file, ...e));

  it('a pod or Service CIDR over a node subnet (unless a node address is in it: check 3\'s)', () => {
    expect(place(HOMELAB, ['k3s.clusterCidr', '192.168.0.0/16'], ['k3s.serviceCidr', '192.168.1.128/25'])).toEqual([
      'k3s.serviceCidr: the Service CIDR 192.168.1.128/25 overlaps node cp-1\'s subnet 192.168.1.0/24, whose addresses hosts on the segment own. '
        + 'Service addresses are routed inside the cluster: pods and those hosts could not reach each other. Choose a Service CIDR outside every node subnet.',
    ]);
    expect(place(HOMELAB, ['k3s.clusterCidr', '192.168.1.128/25'])).toEqual([
      'k3s.clusterCidr: the pod CIDR 192.168.1.128/25 overlaps node cp-1\'s subnet 192.168.1.0/24, whose addresses hosts on the segment own. '
        + 'Pod addresses are routed inside the cluster: pods and those hosts could not reach each other. Choose a pod CIDR outside every node subnet.',
    ]);
    expect(place(HOMELAB, ['k3s.clusterCidr', '192.168.2.0/24'], ['k3s.serviceCidr', '192.168.0.0/24'])).toEqual([]);
  });

  it('a Service CIDR of 20 host bits passes, 21 are refused (IPv4 and IPv6)', () => {
    expect(place(HOMELAB, ['k3s.serviceCidr', '10.96.0.0/12'])).toEqual([]);
    expect(place(HOMELAB, ['k3s.serviceCidr', '10.96.0.0/11'])).toEqual([
      'k3s.serviceCidr: 10.96.0.0/11 has 21 host bits; kube-apiserver refuses a Service CIDR with more than 20 ("for 32-bit addresses, the mask must be >= 12") '
        + 'and k3s does not start. Use a /12 or smaller, e.g. 10.43.0.0/16.',
    ]);
    expect(place(DUAL, ['k3s.serviceCidr', '10.43.0.0/16,fd00:43::/108'])).toEqual([]);
    expect(place(DUAL, ['k3s.serviceCidr', '10.43.0.0/16,fd00:43::/107'])).toEqual([
      'k3s.serviceCidr: fd00:43::/107 has 21 host bits; kube-apiserver refuses a Service CIDR with more than 20 ("for 128-bit addresses, the mask must be >= 108") '
        + 'and k3s does not start. Use a /108 or smaller, e.g. fd00:43::/112.',
    ]);
  });

  it('a BGP-only pool on a node subnet, by one address at its edge; not when an L2 policy serves it', () => {
    const ON = (j: number, range: string) => `loadBalancer.pools[0].blocks[${j}]: ${range} is advertised only over BGP but lies in node server-1's subnet 10.10.0.0/24: `
      + 'hosts on that subnet ask for it with ARP/NDP instead of going through the router, and no node answers. '
      + 'Take the pool from outside the nodes\' subnets, or announce it over L2 too (announce: both, with an L2 policy serving it).';
    const pool = [{ cidr: '10.10.0.128/28' }, { cidr: '10.20.0.0/24' }, { start: '10.10.0.255', stop: '10.10.1.3' }, { start: '10.9.255.0', stop: '10.9.255.255' }];
    expect(place(BGP, ['loadBalancer.pools[0].blocks', pool])).toEqual([ON(0, '10.10.0.128–10.10.0.143'), ON(2, '10.10.0.255–10.10.1.3')]);
    expect(place(BGP, ['loadBalancer.pools[0].blocks', pool], ['loadBalancer.l2', { policies: [{ name: 'p', loadBalancerIPs: true }] }],
      ['loadBalancer.pools[0].announce', 'bgp'])).toEqual([]);
  });
});
