/**
 * One real-daemon run of a cluster file: its rendered router configurations in real routers
 * (FRR bgpd or BIRD), a gobgpd per speaking node configured from the rendered Cilium objects
 * (cilium-gobgp.ts), wired as the cluster file says; then what the routers hold, checked against
 * what Cilium would advertise. `verify` returns the failed assertions (none when all hold), so a
 * mutation test can show each assertion fails when the rendering is broken.
 */
import { checkCluster } from '../../src/checks/index.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { formatIp, parseCidr, parseIp } from '../../src/model/ip.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import type { ResolvedCluster } from '../../src/model/resolved.js';
import { passwordPlaceholder } from '../../src/routers/sessions.js';
import { routerFilePaths } from '../../src/routers/index.js';
import { docs, renderLoaded } from '../helpers.js';
import { translate, type NodeFacts, type TestService } from './cilium-gobgp.js';
import { startBird, startFrr, startGobgp, type Router, type RouterState, type Speaker } from './daemons.js';
import { Lab, until } from './lab.js';

export const TEST_PASSWORD = 'k3s-cilium-test-md5';

export interface ScenarioOptions {
  readonly dialect: 'frr' | 'bird';
  /** Breaks a router's rendered configuration (mutation tests). */
  readonly mutate?: (peer: string, text: string) => string;
  /** The password the routers are given for the Secret (default: the nodes'). */
  readonly routerPassword?: string;
  /** Runs a cluster file the checks refuse (to show on the wire why they do). */
  readonly allowErrors?: boolean;
}

export interface Expected {
  /** peer → node session address → the prefixes that node advertises to it. */
  readonly sessions: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  readonly clusterAsn: number;
  /** peer → { hold, keepalive } the peer config renders. */
  readonly timers: ReadonlyMap<string, { hold: number; keepalive: number }>;
  /** Prefixes each node also sends that no router may accept. */
  readonly outside: readonly string[];
}

export interface Run {
  readonly cluster: ResolvedCluster;
  readonly files: Map<string, string>;
  readonly expected: Expected;
  readonly routers: ReadonlyMap<string, Router>;
  readonly speakers: readonly Speaker[];
  /** Waits until every session is established and has every update, or is evidently refused; then the routers' state. */
  observe(): Promise<Map<string, RouterState>>;
  readonly lab: Lab;
}

/** The i-th /24 (or /64) of the pod CIDR: the node ranges k3s hands out in registration order. */
function podCidr(cidr: string, i: number): string {
  const c = parseCidr(cidr)!;
  const bits = c.family === 4 ? 24 : 64;
  const width = c.family === 4 ? 32 : 128;
  return `${formatIp(c.family, c.first + (BigInt(i) << BigInt(width - bits)))}/${bits}`;
}

/** One Service per BGP pool (labels its selector wants, its first usable address) and each pinned Service. */
function services(cluster: ResolvedCluster): TestService[] {
  const out: TestService[] = [];
  for (const pool of cluster.pools.filter((p) => p.bgpAdvertisement)) {
    const block = pool.blocks[0];
    if (!block.range) continue;
    const skipNetwork = block.cidr !== undefined && !pool.allowFirstLastIPs && block.range.last - block.range.first > 1n;
    out.push({ labels: { ...(pool.serviceSelector?.matchLabels ?? {}) }, ip: formatIp(block.range.family, block.range.first + (skipNetwork ? 1n : 0n)) });
  }
  for (const r of cluster.reservations) out.push({ labels: { ...r.selectorLabels }, ip: r.ip });
  return out;
}

/** Addresses no router may accept: outside every pool, a whole pool block instead of host routes, the whole pod CIDR. */
function outsidePrefixes(cluster: ResolvedCluster): string[] {
  const out = ['198.51.100.7/32'];
  const block = cluster.pools.find((p) => p.bgpAdvertisement)?.blocks.find((b) => b.cidr && !b.cidr.endsWith('/32'));
  if (block?.cidr) out.push(parseCidr(block.cidr)!.canonical);
  if (cluster.bgp?.advertisePodCIDRs) out.push(parseCidr(cluster.k3s.clusterCidrs[0])!.canonical);
  // A host route inside a pool would be a real Service address.
  return out.filter((p) => !p.endsWith('/32') || cluster.poolAddresses.containing(4, parseIp(p.split('/')[0])!.value).length === 0);
}

export async function startScenario(spec: ClusterSpec, options: ScenarioOptions): Promise<Run> {
  const cluster = resolveCluster(spec);
  const diagnostics = checkCluster(cluster);
  if (!options.allowErrors && diagnostics.some((d) => d.severity === 'error')) throw new Error(`${spec.name}: ${diagnostics.map((d) => d.message).join('; ')}`);
  // With allowErrors the construct is told the findings are warnings only, so it renders anyway.
  const files = renderLoaded({ file: `${spec.name}.yaml`, cluster, diagnostics: diagnostics.filter((d) => d.severity !== 'error') });
  const objects = docs(files.get('manifests/bgp.yaml')!);
  const bgp = cluster.bgp!;
  const secrets = Object.fromEntries(bgp.peerConfigs.filter((c) => c.authSecretRef).map((c) => [c.authSecretRef!, TEST_PASSWORD]));
  const facts: NodeFacts[] = cluster.nodes.map((n, i) => ({
    name: n.name, labels: { ...n.selectorLabels }, addresses: n.addresses.map((a) => a.ip),
    podCidrs: cluster.k3s.clusterCidrs.map((c) => podCidr(c, i)),
  }));
  const gobgpNodes = translate(objects, facts, services(cluster), secrets);
  const outside = outsidePrefixes(cluster);

  const sessions = new Map<string, Map<string, readonly string[]>>();
  const timers = new Map<string, { hold: number; keepalive: number }>();
  for (const g of gobgpNodes) {
    const node = cluster.nodes.find((n) => n.name === g.node)!;
    for (const n of g.neighbours) {
      const source = n.localAddress ?? node.addresses.find((a) => a.family === parseIp(n.address)?.family)!.ip;
      if (!sessions.has(n.peer)) sessions.set(n.peer, new Map());
      sessions.get(n.peer)!.set(source, n.prefixes);
      timers.set(n.peer, { hold: n.holdTime, keepalive: n.keepalive });
      // One global RIB per gobgpd: the translation must give every session of a node the same prefixes.
      if (n.prefixes.join() !== g.prefixes.join()) throw new Error(`${g.node}: per-peer advertisements are not covered by this test`);
    }
  }

  const lab = new Lab();
  const routers = new Map<string, Router>();
  const speakers: Speaker[] = [];
  try {
    await lab.init();
    const subnetOf = (ip: string) => cluster.nodes.flatMap((n) => n.addresses).find((a) => {
      const p = parseIp(ip);
      return a.subnet && p && a.subnet.family === p.family && a.subnet.first <= p.value && p.value <= a.subnet.last;
    })?.subnet;
    const firstSubnet = bgp.speakers[0].subnet!;
    const prefixLength = (s: { first: bigint; last: bigint; family: 4 | 6 }) => (s.family === 4 ? 32 : 128) - (s.last - s.first + 1n).toString(2).length + 1;
    const used = new Set(cluster.nodes.flatMap((n) => n.addresses.map((a) => a.ip)));
    for (const p of bgp.peers) used.add(p.address);
    let spare = firstSubnet.last - 1n;
    const linkAddress = new Map<string, string>();
    const hosts = gobgpNodes.map((g) => cluster.nodes.find((n) => n.name === g.node)!);
    await Promise.all(bgp.peers.map(async (peer, i) => {
      const subnet = subnetOf(peer.address);
      let addresses: string[];
      let loopbacks: string[] = [];
      if (subnet) {
        addresses = [`${peer.address}/${prefixLength(subnet)}`];
        linkAddress.set(peer.name, peer.address);
      } else {
        // A multihop peer: its address on a loopback, reached through a link address on the node subnet.
        while (used.has(formatIp(firstSubnet.family, spare))) spare--;
        const link = formatIp(firstSubnet.family, spare--);
        addresses = [`${link}/${prefixLength(firstSubnet)}`];
        loopbacks = [`${peer.address}/${peer.family === 4 ? 32 : 128}`];
        linkAddress.set(peer.name, link);
      }
      const ns = await lab.host(`r${i}`, addresses, loopbacks);
      let config = files.get(routerFilePaths(peer.name)[options.dialect])!;
      for (const c of bgp.peerConfigs) {
        if (c.authSecretRef) config = config.split(passwordPlaceholder(`${bgp.secretsNamespace}/${c.authSecretRef}`)).join(options.routerPassword ?? TEST_PASSWORD);
      }
      if (options.mutate) config = options.mutate(peer.name, config);
      const routerId = peer.family === 4 ? peer.address : `10.255.255.${i + 1}`;
      routers.set(peer.name, options.dialect === 'frr' ? startFrr(lab, ns, `r${i}`, routerId, config) : startBird(lab, ns, `r${i}`, routerId, config));
    }));
    for (const [name, router] of routers) {
      if (!await until(60, async () => (await router.listening()) || undefined)) throw new Error(`router ${name} (${router.dialect}) does not listen on port 179; see ${lab.dir}`);
    }
    speakers.push(...await Promise.all(hosts.map(async (node, i) => {
      const g = gobgpNodes.find((x) => x.node === node.name)!;
      const own = new Set(node.addresses.map((a) => a.ip));
      const extra = [...new Set(g.neighbours.map((n) => n.localAddress).filter((a): a is string => a !== undefined && !own.has(a)))];
      const ns = await lab.host(`n${i}`, node.addresses.map((a) => `${a.ip}/${prefixLength(a.subnet!)}`), extra.map((a) => `${a}/32`));
      for (const peer of bgp.peers) {
        if (!subnetOf(peer.address)) await lab.route(ns, peer.address, linkAddress.get(peer.name)!);
        for (const a of extra) await lab.route(routers.get(peer.name)!.ns, `${a}/32`, node.ip);
      }
      return startGobgp(lab, ns, g, outside);
    })));
  } catch (e) {
    await lab.destroy();
    throw e;
  }

  const expected: Expected = { sessions, clusterAsn: bgp.localASN, timers, outside };
  return {
    cluster, files, expected, routers, speakers, lab,
    async observe() {
      const states = new Map<string, RouterState>();
      // Settled: every session established with every update the node sent received, or the
      // router has been tried twice per session without all of them coming up (a refused session:
      // wrong AS, password or address; a good one comes up on its first connection).
      await until(150, async () => {
        for (const [name, r] of routers) states.set(name, await r.state());
        let sent: Map<Speaker, Awaited<ReturnType<Speaker['sent']>>> | undefined;
        for (const [peerName, bySource] of sessions) {
          const state = states.get(peerName)!;
          const r = routers.get(peerName)!;
          const peerAddress = bgp.peers.find((p) => p.name === peerName)!.address;
          const refused = await connectionAttempts(lab, r.ns) >= 2 * bySource.size;
          for (const source of bySource.keys()) {
            const seen = state.sessions.get(source);
            const speaker = speakers.find((x) => sessionSource(cluster, x, peerName) === source)!;
            let done = false;
            if (seen?.established && r.dialect === 'bird') done = seen.received >= speaker.originated;
            if (seen?.established && r.dialect === 'frr') {
              // Asked only once the router has every session: gobgp is a process per question.
              sent ??= new Map(await Promise.all(speakers.map(async (x) => [x, await x.sent()] as const)));
              const mine = sent.get(speaker)!.get(peerAddress);
              done = !!mine?.established && mine.updates > 0 && seen.received >= mine.updates;
            }
            if (!done && !refused) return undefined;
          }
        }
        return true;
      }, 1000);
      return states;
    },
  };
}

function sessionSource(cluster: ResolvedCluster, speaker: Speaker, peerName: string): string | undefined {
  const n = speaker.node.neighbours.find((x) => x.peer === peerName);
  if (!n) return undefined;
  const node = cluster.nodes.find((x) => x.name === speaker.node.node)!;
  return n.localAddress ?? node.addresses.find((a) => a.family === parseIp(n.address)?.family)!.ip;
}

/** Connections the router's namespace accepted or dropped for a wrong TCP MD5 signature (vtysh and birdc use Unix sockets). */
async function connectionAttempts(lab: Lab, ns: string): Promise<number> {
  const out = await lab.exec(ns, 'nstat', ['-az', 'TcpPassiveOpens', 'TcpExtTCPMD5Failure', 'TcpExtTCPMD5Unexpected', 'TcpExtTCPMD5NotFound']);
  return [...out.matchAll(/^\S+\s+(\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** Every assertion that fails on what the routers hold, as text; empty when the routers hold exactly what Cilium advertises. */
export function verify(expected: Expected, states: ReadonlyMap<string, RouterState>, withdrawn: ReadonlySet<string> = new Set()): string[] {
  const failures: string[] = [];
  for (const [peer, bySource] of expected.sessions) {
    const state = states.get(peer)!;
    const routes = new Map<string, string[]>();
    for (const [source, prefixes] of bySource) {
      if (withdrawn.has(source)) continue;
      const s = state.sessions.get(source);
      const timers = expected.timers.get(peer)!;
      if (!s?.established) failures.push(`${peer}: session from ${source} is not Established`);
      else {
        if (s.remoteAs !== expected.clusterAsn) failures.push(`${peer}: session from ${source} has AS ${s.remoteAs}, not ${expected.clusterAsn}`);
        if (s.holdTime !== timers.hold || s.keepalive !== timers.keepalive) {
          failures.push(`${peer}: session from ${source} runs hold ${s.holdTime} s / keepalive ${s.keepalive} s, not ${timers.hold}/${timers.keepalive}`);
        }
      }
      for (const p of prefixes) routes.set(p, [...(routes.get(p) ?? []), source].sort());
    }
    for (const [prefix, hops] of routes) {
      const held = state.routes.get(prefix);
      if (!held) failures.push(`${peer}: no route to ${prefix}`);
      else if (held.join() !== hops.join()) failures.push(`${peer}: ${prefix} via ${held.join(', ')}, not ${hops.join(', ')}`);
    }
    for (const prefix of state.routes.keys()) {
      if (expected.outside.includes(prefix)) failures.push(`${peer}: accepted ${prefix}, which is outside what the cluster announces`);
      else if (!routes.has(prefix)) failures.push(`${peer}: holds ${prefix}, which no node announces`);
    }
  }
  return failures;
}
