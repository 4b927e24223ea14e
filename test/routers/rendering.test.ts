/**
 * The router configurations (src/routers/): the real FRR and BIRD parsers accept every one of
 * every BGP example and generated cluster (`bgpd -C`, `bird -p`: no root, no namespace), they
 * accept what they should and say what they must, and every held Cilium release gives the nodes
 * the same GoBGP configuration (so the real-daemon runs of one release prove them all).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkCluster } from '../../src/checks/index.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { CILIUM_CAPABILITIES } from '../../src/model/cilium-versions.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { routerFiles } from '../../src/routers/index.js';
import { rangeToCidrs } from '../../src/routers/sessions.js';
import { docs, readProjectFile, renderLoaded, ROOT, tempDir } from '../helpers.js';
import { GENERATED, MUTATION_BASE } from './clusters.js';
import { translate } from './cilium-gobgp.js';
import { BGPD } from './daemons.js';

// Every example that speaks BGP, bgp-tor first (the withdrawal tests below name it).
const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).sort((a, b) => Number(b === 'bgp-tor.yaml') - Number(a === 'bgp-tor.yaml'))
  .map((f) => parse(readProjectFile(`examples/${f}`)) as ClusterSpec).filter((spec) => spec.loadBalancer?.bgp !== undefined);
const clusters = [...examples, ...GENERATED, MUTATION_BASE];
const render = (spec: ClusterSpec) => {
  const cluster = resolveCluster(spec);
  return renderLoaded({ file: `${spec.name}.yaml`, cluster, diagnostics: checkCluster(cluster) });
};

/** What `bgpd -C` says about a configuration file (it exits 0 whatever it refuses). */
function bgpdCheck(file: string): string {
  const r = spawnSync(BGPD, ['-C', '-S', '-Z', '-f', file], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

const haveParsers = existsSync(BGPD) && existsSync('/usr/sbin/bird');
const skip = !haveParsers && process.env.CI !== 'true';
if (skip) console.log('test/routers/rendering.test.ts: the FRR and BIRD parser runs skipped: needs frr and bird2 (apt-get install frr bird2)');

describe.skipIf(skip)('the real parsers accept every rendered router configuration', () => {
  const dir = tempDir('k3c-routers-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const spec of clusters) {
    it(`${spec.name}: bgpd -C and bird -p accept each peer's files (password filled in)`, () => {
      for (const [path, text] of render(spec)) {
        if (!path.startsWith('routers/')) continue;
        const filled = text.replace(/<password of Secret [^>]+>/g, 'secret');
        const file = join(dir, `${spec.name}-${path.replaceAll('/', '-')}`);
        writeFileSync(file, filled);
        if (path.endsWith('frr.conf')) {
          // bgpd -C prints a line per refused command but exits 0: its output must hold none.
          expect(bgpdCheck(file)).not.toMatch(/No such command|Unknown command|error/i);
        } else {
          const main = `${file}.main`;
          writeFileSync(main, `router id 192.0.2.1;\nprotocol device { }\ninclude "${file}";\n`);
          execFileSync('/usr/sbin/bird', ['-p', '-c', main], { stdio: 'pipe' });
        }
      }
    });
  }

  it('bgpd refuses the password placeholder left in place (a router never runs with it by accident)', () => {
    const text = render(examples[0]).get('routers/tor-a/frr.conf')!;
    const file = join(dir, 'unfilled.conf');
    writeFileSync(file, text);
    expect(bgpdCheck(file)).toMatch(/No such command on config line \d+: +neighbor K3S-BGP-TOR password <password of Secret kube-system\/bgp-tor-password>/);
  });
});

describe('router configurations', () => {
  const files = render(examples[0]);

  it('renders one FRR and one BIRD file per peer, and only for BGP clusters', () => {
    expect([...files.keys()].filter((p) => p.startsWith('routers/'))).toEqual([
      'routers/tor-a/bird.conf', 'routers/tor-a/frr.conf', 'routers/tor-b/bird.conf', 'routers/tor-b/frr.conf',
    ].sort((a, b) => [...files.keys()].indexOf(a) - [...files.keys()].indexOf(b)));
    expect(routerFiles(resolveCluster(parse(readProjectFile('examples/ha-l2.yaml'))))).toEqual(new Map());
  });

  it('has a neighbour per speaking node, at its override local address when it has one, from the cluster AS', () => {
    const frr = files.get('routers/tor-b/frr.conf')!;
    expect(frr.match(/^ neighbor (\S+) peer-group K3S-BGP-TOR$/gm)).toEqual(
      ['10.10.0.11', '10.10.0.12', '10.10.0.13', '10.10.0.21', '10.10.0.22'].map((a) => ` neighbor ${a} peer-group K3S-BGP-TOR`));
    expect(frr).toMatch(/^router bgp 65000$/m);
    expect(frr).toMatch(/^ neighbor K3S-BGP-TOR remote-as 65010$/m);
    const multihop = render(GENERATED[1]);
    // wk-2 is not selected by the node selector: no neighbour.
    expect(multihop.get('routers/spine-1/frr.conf')).not.toContain('172.20.0.22');
    expect(multihop.get('routers/spine-1/frr.conf')).toMatch(/^ neighbor K3S-EBGP-MULTIHOP ebgp-multihop 2$/m);
    expect(multihop.get('routers/spine-1/bird.conf')).toMatch(/^ {2}multihop 2;$/m);
    expect(render(GENERATED[0]).get('routers/core-1/frr.conf')).toContain(' neighbor 10.255.0.21 peer-group K3S-IBGP-RANGES');
  });

  it('never renders a password: a placeholder naming the Secret and how to read it', () => {
    for (const [path, text] of files) {
      if (!path.startsWith('routers/')) continue;
      expect(text).toContain('<password of Secret kube-system/bgp-tor-password>');
      expect(text).toContain("kubectl -n kube-system get secret bgp-tor-password -o jsonpath='{.data.password}' | base64 -d");
    }
    expect(render(GENERATED[0]).get('routers/core-1/frr.conf')).not.toContain('password');
  });

  it('accepts host routes inside each advertised pool block and the nodes\' pod CIDRs, nothing else', () => {
    expect(files.get('routers/tor-a/frr.conf')!.match(/^ip prefix-list .*$/gm)).toEqual([
      'ip prefix-list K3S-BGP-TOR-IN-V4 seq 10 permit 10.20.0.0/24 ge 32',
      'ip prefix-list K3S-BGP-TOR-IN-V4 seq 20 permit 203.0.113.64/27 ge 32',
      'ip prefix-list K3S-BGP-TOR-IN-V4 seq 30 permit 10.42.0.0/16 ge 24 le 24',
      'ip prefix-list K3S-BGP-TOR-IN-V4 seq 40 deny any',
    ]);
    expect(files.get('routers/tor-a/bird.conf')).toContain('if net ~ [ 10.20.0.0/24{32,32}, 203.0.113.64/27{32,32}, 10.42.0.0/16{24,24} ] then accept;');
    // 256 + 32 Service addresses and one pod CIDR per session.
    expect(files.get('routers/tor-a/frr.conf')).toMatch(/^ {2}neighbor K3S-BGP-TOR maximum-prefix 289$/m);
    expect(files.get('routers/tor-a/bird.conf')).toMatch(/^ {4}import limit 289 action disable;$/m);
    // A start/stop block is the fewest prefixes covering exactly its addresses.
    expect(render(GENERATED[0]).get('routers/core-1/bird.conf')).toContain('if net ~ [ 10.30.0.10/31{32,32}, 10.30.0.12/30{32,32}, 10.30.0.16/30{32,32}, 10.30.0.20/32{32,32} ] then accept;');
  });

  it('splits a range into the fewest aligned CIDRs, at the edges of both families', () => {
    const cidrs = (family: 4 | 6, first: bigint, last: bigint) => rangeToCidrs({ family, first, last }).map((c) => `${c.network}/${c.prefix}`);
    expect(cidrs(4, 0n, 2n ** 32n - 1n)).toEqual(['0/0']);
    expect(cidrs(4, 5n, 5n)).toEqual(['5/32']);
    expect(cidrs(4, 1n, 6n)).toEqual(['1/32', '2/31', '4/31', '6/32']);
    expect(cidrs(6, 0n, 2n ** 128n - 1n)).toEqual(['0/0']);
    expect(cidrs(6, 2n ** 128n - 2n, 2n ** 128n - 1n)).toEqual([`${2n ** 128n - 2n}/127`]);
  });

  it('writes a placeholder for the router\'s AS when the cluster file accepts any (asn: 0)', () => {
    const spec = structuredClone(MUTATION_BASE);
    spec.loadBalancer!.bgp!.peers[0].asn = 0;
    const out = render(spec);
    expect(out.get('routers/r-1/frr.conf')).toMatch(/^router bgp <router ASN>$/m);
    expect(out.get('routers/r-1/bird.conf')).toMatch(/^ {2}local as <router ASN>;$/m);
  });

  it('gives the nodes the same GoBGP configuration on every held Cilium release', () => {
    const configs = CILIUM_CAPABILITIES.map((c) => {
      const spec = { ...examples[0], cilium: { ...examples[0].cilium, version: `${c.minor}.0` } };
      const cluster = resolveCluster(spec);
      expect(checkCluster(cluster).filter((d) => d.severity === 'error')).toEqual([]);
      const objects = docs(renderLoaded({ file: 'bgp-tor.yaml', cluster, diagnostics: [] }).get('manifests/bgp.yaml')!);
      const nodes = cluster.nodes.map((n, i) => ({ name: n.name, labels: { ...n.selectorLabels }, addresses: [n.ip], podCidrs: [`10.42.${i}.0/24`] }));
      return translate(objects, nodes, [{ labels: {}, ip: '10.20.0.1' }], { 'bgp-tor-password': 'x' });
    });
    expect(configs[0].length).toBe(5);
    for (const c of configs) expect(c).toEqual(configs[0]);
  });
});
