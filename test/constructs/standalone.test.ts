/** The constructs used alone check their own props, with the messages the cluster checks give a cluster file. */
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  CiliumHelmChart, K3sCiliumCluster, L2AnnouncementPolicy, LoadBalancerPool, type L2AnnouncementPolicyProps, type LoadBalancerPoolBlock,
  type LoadBalancerPoolProps,
} from '../../constructs/index.js';
import { loadValid, HOMELAB } from '../helpers.js';

const pool = (name: string, blocks: LoadBalancerPoolProps['blocks']): LoadBalancerPoolProps => ({ name, blocks, allowFirstLastIPs: true, disabled: false });

/** The validation errors of synthesizing `build`'s app, one per line; empty when it synthesizes. */
function errors(build: (chart: Chart) => void): string[] {
  const app = Testing.app();
  build(new Chart(app, 'lab'));
  try {
    app.synthYaml();
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').slice(1).map((l) => l.trim());
  }
}

describe('LoadBalancerPool alone', () => {
  it('refuses a block with host bits, naming the block it is and the range that may have been meant', () => {
    expect(errors((c) => new LoadBalancerPool(c, 'p', pool('lan', [{ cidr: '10.0.0.201/30' }])))).toEqual([
      '[lab/p] blocks[0].cidr: 10.0.0.201/30 has host bits set; the block is 10.0.0.200/30 (.200–.203). '
      + 'Write cidr: 10.0.0.200/30 for that block, or start: 10.0.0.201 and stop: 10.0.0.204 if 4 addresses from 10.0.0.201 were meant.',
    ]);
  });

  it('refuses a reversed range, a range across families, an address that is none, and no blocks', () => {
    expect(errors((c) => {
      new LoadBalancerPool(c, 'p', pool('lan', [{ start: '10.0.0.20', stop: '10.0.0.10' }, { start: '10.0.0.1', stop: 'fd00::1' }, { cidr: 'lan' }]));
      new LoadBalancerPool(c, 'q', pool('empty', []));
    })).toEqual([
      '[lab/p] blocks[0].stop: stop 10.0.0.10 comes before start 10.0.0.20, so the range is empty. Swap them: start: 10.0.0.10, stop: 10.0.0.20.',
      '[lab/p] blocks[1].stop: start 10.0.0.1 is IPv4 but stop fd00::1 is IPv6. A range is of one family: use a separate block for each family.',
      '[lab/p] blocks[2].cidr: "lan" is not a CIDR. Write an IPv4 or IPv6 network with its prefix length, e.g. 192.168.1.96/28 or fd00:1::/120.',
      '[lab/q] blocks: pool "empty" has no blocks. Give it at least one cidr or start/stop block.',
    ]);
  });

  it('refuses two pools of one name in a chart (one would overwrite the other), and allows them in two charts', () => {
    expect(errors((c) => {
      new LoadBalancerPool(c, 'a', pool('lan', [{ cidr: '10.0.0.0/30' }]));
      new LoadBalancerPool(c, 'b', pool('lan', [{ cidr: '10.0.1.0/30' }]));
    })).toEqual(['[lab/b] name: pool name "lan" is already used by lab/a in the same chart. Give every pool its own name.']);
    expect(errors((c) => {
      new LoadBalancerPool(c, 'a', pool('lan', [{ cidr: '10.0.0.0/30' }]));
      new LoadBalancerPool(new Chart(c.node.scope!, 'other'), 'b', pool('lan', [{ cidr: '10.0.1.0/30' }]));
    })).toEqual([]);
  });

  it('refuses a name Kubernetes rejects, and a block with both cidr and start once, for its shape', () => {
    expect(errors((c) => new LoadBalancerPool(c, 'p', pool('LAN', [{ cidr: '10.0.0.201/30', start: '10.0.0.1' } as LoadBalancerPoolBlock])))).toEqual([
      '[lab/p] name: pool name "LAN" is not a valid DNS-1123 subdomain. '
      + 'Use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, e.g. default-pool.',
      '[lab/p] blocks[0]: has both cidr and start/stop. A block is either a cidr, or a start with an optional stop: split it into two blocks or drop one.',
    ]);
  });

  it('allows one name in a chart and in a chart nested in it: each chart is a file of its own', () => {
    // The nested chart's first: a chart's constructs include its nested charts', which must not count.
    expect(errors((c) => {
      new LoadBalancerPool(new Chart(c, 'nested'), 'b', pool('lan', [{ cidr: '10.0.1.0/30' }]));
      new LoadBalancerPool(c, 'a', pool('lan', [{ cidr: '10.0.0.0/30' }]));
      new L2AnnouncementPolicy(new Chart(c, 'nested-2'), 'y', { name: 'lan', loadBalancerIPs: true, externalIPs: false });
      new L2AnnouncementPolicy(c, 'x', { name: 'lan', loadBalancerIPs: true, externalIPs: false });
    })).toEqual([]);
  });

  it('renders the non-defaults it is given, and only those', () => {
    const spec = (props: LoadBalancerPoolProps) => {
      const chart = new Chart(Testing.app(), 'lab');
      new LoadBalancerPool(chart, 'p', props);
      return chart.toJson()[0].spec;
    };
    const blocks = [{ cidr: '10.0.0.0/30' }, { start: '10.0.0.8', stop: '10.0.0.9' }];
    expect(spec(pool('lan', blocks))).toEqual({ blocks });
    expect(spec({ name: 'lan', blocks, allowFirstLastIPs: false, disabled: true, serviceSelector: { matchLabels: { tier: 'web' } } })).toEqual({
      blocks, allowFirstLastIPs: 'No', disabled: true, serviceSelector: { matchLabels: { tier: 'web' } },
    });
  });

  it('synthesizes a valid pool unchanged', () => {
    expect(errors((c) => new LoadBalancerPool(c, 'p', pool('lan', [{ cidr: 'fd00:1::/120' }, { start: '10.0.0.5', stop: '10.0.0.5' }])))).toEqual([]);
  });
});

describe('L2AnnouncementPolicy alone', () => {
  it('refuses a name Kubernetes rejects, an interface Go cannot compile, and a policy announcing nothing', () => {
    expect(errors((c) => new L2AnnouncementPolicy(c, 'p', { name: 'Lan_1', loadBalancerIPs: false, externalIPs: false, interfaces: ['^eth(?=0)'] })))
      .toEqual([
        '[lab/p] name: policy name "Lan_1" is not a valid DNS-1123 subdomain. '
        + 'Use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, e.g. default-pool.',
        '[lab/p] interfaces[0]: "^eth(?=0)" is not a valid Go (RE2) regular expression: invalid or unsupported Perl syntax: `(?=`. '
        + 'Cilium compiles interfaces with Go\'s regexp: there are no lookarounds or backreferences; list alternatives instead, e.g. ^(eth|ens)[0-9]+$.',
        '[lab/p] policy "Lan_1" announces nothing: loadBalancerIPs and externalIPs are both false. '
        + 'Set loadBalancerIPs: true to announce pool addresses (and externalIPs: true for Services\' externalIPs).',
      ]);
  });

  it('renders its selectors and interfaces when given, and leaves them to Cilium\'s defaults when not', () => {
    const spec = (props: L2AnnouncementPolicyProps) => {
      const chart = new Chart(Testing.app(), 'lab');
      new L2AnnouncementPolicy(chart, 'p', props);
      return chart.toJson()[0].spec;
    };
    expect(spec({ name: 'lan', loadBalancerIPs: true, externalIPs: false })).toEqual({ loadBalancerIPs: true, externalIPs: false });
    const selectors = { nodeSelector: { matchLabels: { l2: 'yes' } }, serviceSelector: { matchExpressions: [{ key: 'tier', operator: 'Exists' as const }] } };
    expect(spec({ name: 'lan', loadBalancerIPs: false, externalIPs: true, interfaces: ['^eth[0-9]+$'], ...selectors }))
      .toEqual({ loadBalancerIPs: false, externalIPs: true, interfaces: ['^eth[0-9]+$'], ...selectors });
  });

  it('refuses two policies of one name in a chart', () => {
    expect(errors((c) => {
      new L2AnnouncementPolicy(c, 'a', { name: 'lan', loadBalancerIPs: true, externalIPs: false });
      new L2AnnouncementPolicy(c, 'b', { name: 'lan', loadBalancerIPs: true, externalIPs: false });
    })).toEqual(['[lab/b] name: policy name "lan" is already used by lab/a in the same chart. Give every policy its own name.']);
  });
});

describe('CiliumHelmChart alone', () => {
  it('refuses a release outside the supported range', () => {
    expect(errors((c) => new CiliumHelmChart(c, 'cilium', { version: '1.15.3', values: {} }))).toEqual([
      '[lab/cilium] version: Cilium 1.15.3 is not supported; supported releases are 1.18.x–1.20.x. Use a 1.18.x, 1.19.x or 1.20.x release, e.g. 1.20.0.',
    ]);
  });
});

describe('inside K3sCiliumCluster', () => {
  it('reports each problem once, in the cluster file\'s words, not again from the construct it renders', () => {
    const spec = loadValid(HOMELAB).spec;
    const pools = spec.loadBalancer!.pools!;
    const broken = { ...spec, loadBalancer: { ...spec.loadBalancer, pools: [{ ...pools[0], blocks: [{ cidr: '192.168.1.201/30' }] }, ...pools.slice(1)] } };
    const app = Testing.app();
    new K3sCiliumCluster(app, 'homelab', { spec: broken });
    const lines = (() => {
      try {
        app.synthYaml();
        return [];
      } catch (e) {
        return (e as Error).message.split('\n').slice(1).map((l) => l.trim()).filter((l) => l.includes('host bits'));
      }
    })();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[homelab\] spec\.loadBalancer\.pools\[0\]\.blocks\[0\]\.cidr: 192\.168\.1\.201\/30 has host bits set/);
  });
});
