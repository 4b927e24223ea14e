/**
 * The real daemons of the tests: FRR's bgpd or BIRD 2 as the router, gobgpd (GoBGP, the speaker
 * inside Cilium) on each node, and what each reports, normalised: sessions by neighbour address
 * and routes by prefix with their BGP next hops.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { until, type Lab } from './lab.js';
import { gobgpdToml, type GobgpNode } from './cilium-gobgp.js';

export const BGPD = '/usr/lib/frr/bgpd';

export interface SessionState {
  readonly established: boolean;
  readonly remoteAs?: number;
  readonly holdTime?: number;
  readonly keepalive?: number;
  /** FRR: UPDATE messages received; BIRD: routes received (before the import filter). */
  readonly received: number;
}
export interface RouterState {
  readonly sessions: ReadonlyMap<string, SessionState>;
  /** prefix → BGP next hops of its paths, sorted. */
  readonly routes: ReadonlyMap<string, readonly string[]>;
}

export interface Router {
  readonly dialect: 'frr' | 'bird';
  readonly ns: string;
  state(): Promise<RouterState>;
  /** Whether it listens on TCP 179. */
  listening(): Promise<boolean>;
}

const listens = (lab: Lab, ns: string) => async () => (await lab.exec(ns, 'ss', ['-Hltn', 'sport = :179'])).trim() !== '';

export function startFrr(lab: Lab, ns: string, label: string, routerId: string, config: string): Router {
  const dir = join(lab.dir, label);
  mkdirSync(dir, { recursive: true });
  // Without zebra (-Z) bgpd learns no router ID from the interfaces: the test gives it one.
  const text = `frr defaults traditional\nhostname ${label}\nlog file ${dir}/bgpd.log informational\n`
    + config.replace(/^router bgp (\S+)$/m, `router bgp $1\n bgp router-id ${routerId}`);
  writeFileSync(join(dir, 'frr.conf'), text);
  lab.start(ns, BGPD, ['-S', '-Z', '-f', join(dir, 'frr.conf'), '--vty_socket', dir, '-i', join(dir, 'bgpd.pid')]);
  const vtysh = async (cmd: string) => JSON.parse(await lab.exec(ns, 'vtysh', ['--vty_socket', dir, '-c', cmd]) || '{}');
  return {
    dialect: 'frr',
    ns,
    listening: listens(lab, ns),
    async state() {
      const neighbours = await vtysh('show bgp neighbors json');
      const sessions = new Map<string, SessionState>();
      for (const [address, n] of Object.entries<any>(neighbours)) {
        if (typeof n !== 'object' || !n.bgpState) continue;
        const established = n.bgpState === 'Established';
        sessions.set(address, {
          established,
          remoteAs: n.remoteAs,
          holdTime: established ? n.bgpTimerHoldTimeMsecs / 1000 : undefined,
          keepalive: established ? n.bgpTimerKeepAliveIntervalMsecs / 1000 : undefined,
          received: n.messageStats?.updatesRecv ?? 0,
        });
      }
      const routes = new Map<string, string[]>();
      for (const af of ['ipv4', 'ipv6']) {
        const table = await vtysh(`show bgp ${af} unicast json`);
        for (const [prefix, paths] of Object.entries<any>(table.routes ?? {})) {
          routes.set(prefix, paths.map((p: any) => p.nexthops.find((h: any) => h.scope !== 'link-local')?.ip ?? p.nexthops[0].ip).sort());
        }
      }
      return { sessions, routes };
    },
  };
}

export function startBird(lab: Lab, ns: string, label: string, routerId: string, config: string): Router {
  const dir = join(lab.dir, label);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fragment.conf'), config);
  // What the fragment says the main file needs: a router ID and the device protocol; and what a
  // router has anyway, routes to the nodes' addresses (connected and static) to resolve next hops.
  writeFileSync(join(dir, 'bird.conf'), `log "${dir}/bird.log" all;\nrouter id ${routerId};\nprotocol device { }\n`
    + 'protocol direct { ipv4; ipv6; }\nprotocol kernel { learn; ipv4 { import all; export none; }; }\n' + `include "${dir}/fragment.conf";\n`);
  const sock = join(dir, 'bird.ctl');
  lab.start(ns, 'bird', ['-f', '-c', join(dir, 'bird.conf'), '-s', sock, '-P', join(dir, 'bird.pid')]);
  const birdc = (cmd: string) => lab.exec(ns, 'birdc', ['-s', sock, ...cmd.split(' ')]);
  return {
    dialect: 'bird',
    ns,
    listening: listens(lab, ns),
    async state() {
      const sessions = new Map<string, SessionState>();
      for (const block of (await birdc('show protocols all')).split(/\n(?=\S)/)) {
        const address = block.match(/Neighbor address:\s+(\S+)/)?.[1];
        if (!address || !/^\S+\s+BGP\s/m.test(block)) continue;
        const established = /BGP state:\s+Established/.test(block);
        const received = [...block.matchAll(/Import updates:\s+(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
        sessions.set(address, {
          established,
          remoteAs: Number(block.match(/Neighbor AS:\s+(\d+)/)?.[1]),
          holdTime: established ? Number(block.match(/Hold timer:\s+[\d.]+\/(\d+)/)?.[1]) : undefined,
          keepalive: established ? Number(block.match(/Keepalive timer:\s+[\d.]+\/(\d+)/)?.[1]) : undefined,
          received,
        });
      }
      const routes = new Map<string, string[]>();
      let prefix = '';
      for (const line of (await birdc('show route all')).split('\n')) {
        const m = line.match(/^([0-9a-f.:]+\/\d+)\s/);
        if (m) prefix = m[1];
        const hop = line.match(/BGP\.next_hop:\s+(\S+)/);
        if (hop && prefix) routes.set(prefix, [...(routes.get(prefix) ?? []), hop[1]].sort());
      }
      return { sessions, routes };
    },
  };
}

export interface Speaker {
  readonly node: GobgpNode;
  readonly ns: string;
  /** Every prefix it originates, the ones no router may accept included. */
  readonly originated: number;
  /** Per neighbour address: UPDATE messages sent and whether the session is established. */
  sent(): Promise<Map<string, { updates: number; established: boolean }>>;
  stop(): Promise<void>;
}

export async function startGobgp(lab: Lab, ns: string, node: GobgpNode, extraPrefixes: readonly string[]): Promise<Speaker> {
  const dir = join(lab.dir, `node-${node.node}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'gobgpd.toml'), gobgpdToml(node));
  const child = lab.start(ns, 'gobgpd', ['-f', join(dir, 'gobgpd.toml'), '--api-hosts', '127.0.0.1:50051', '--log-level', 'info']);
  const gobgp = (...args: string[]) => lab.exec(ns, 'gobgp', ['-u', '127.0.0.1', '-p', '50051', ...args]);
  const prefixes = [...node.prefixes, ...extraPrefixes];
  for (const prefix of prefixes) {
    const family = prefix.includes(':') ? 'ipv6' : 'ipv4';
    // The API answers once gobgpd has read its configuration.
    const added = await until(60, async () => { await gobgp('global', 'rib', 'add', '-a', family, prefix); return true; });
    if (!added) throw new Error(`gobgpd on ${node.node} did not take ${prefix}`);
  }
  return {
    node,
    ns,
    originated: prefixes.length,
    async sent() {
      const out = new Map<string, { updates: number; established: boolean }>();
      for (const j of JSON.parse(await gobgp('-j', 'neighbor'))) {
        out.set(j.state.neighbor_address, { updates: j.state?.messages?.sent?.update ?? 0, established: j.state?.session_state === 6 });
      }
      return out;
    },
    stop: () => lab.stop(child),
  };
}
