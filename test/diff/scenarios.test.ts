/**
 * The review by class (issue 24): each scenario is a base and a head cluster file (a fixture with
 * edits), the level the review must give it (from how Cilium and k3s behave, sources in
 * src/diff/*), the objects it must name, and the exit code at each --fail-on level.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { runDiff } from '../../src/cli/cmds/diff.js';
import { HOMELAB, readProjectFile, tempDir } from '../helpers.js';

type Doc = ReturnType<typeof parseDocument>;
type Level = 'breaking' | 'restart' | 'safe' | 'none';

interface Scenario {
  readonly name: string;
  readonly class: 'miss' | 'false alarm' | 'crash' | 'wording';
  readonly file: string;
  /** Applied to the base only (a base today's checks refuse). */
  readonly base?: (d: Doc) => void;
  readonly head: (d: Doc) => void;
  /** The highest level in the review ('none': no change). */
  readonly level: Level;
  /** Text the review must hold: the objects named, the setting old → new. */
  readonly says: readonly string[];
  /** Text it must not hold. */
  readonly never?: readonly string[];
}

const BGP = 'examples/bgp-tor.yaml';
const L2 = 'examples/ha-l2.yaml';
const peerConfig = ['loadBalancer', 'bgp', 'peerConfigs', 0];

const SCENARIOS: readonly Scenario[] = [
  {
    name: "a node's router ID", class: 'miss', file: BGP, head: (d) => d.setIn(['nodes', 4, 'bgp', 'routerID'], '10.255.0.99'), level: 'breaking',
    says: ['The BGP router ID of `worker-2` changes (10.255.0.22 → 10.255.0.99)', 'its sessions to `tor-a`, `tor-b` reset'],
  },
  {
    name: "a node's local addresses removed", class: 'miss', file: BGP, head: (d) => d.deleteIn(['nodes', 4, 'bgp', 'localAddresses']), level: 'breaking',
    says: ['The BGP local address of `worker-2` changes: its sessions to `tor-a`, `tor-b` reset', '`tor-a`: 10.10.0.22 → from the route to the peer'],
  },
  {
    name: 'BGP timers', class: 'miss', file: BGP, head: (d) => d.setIn([...peerConfig, 'timers', 'holdTimeSeconds'], 30), level: 'breaking',
    says: ['The session settings of peers `tor-a`, `tor-b` change: their sessions on `server-1`', 'timers.holdTimeSeconds: 9 → 30'],
  },
  {
    name: 'BGP password', class: 'miss', file: BGP, head: (d) => d.setIn([...peerConfig, 'authSecretRef'], 'bgp-tor-password-2'), level: 'breaking',
    says: ['authSecretRef: bgp-tor-password → bgp-tor-password-2', '`worker-2`'],
  },
  {
    name: 'BGP graceful restart', class: 'miss', file: BGP, head: (d) => d.setIn([...peerConfig, 'gracefulRestart', 'enabled'], false), level: 'breaking',
    says: ['gracefulRestart.enabled: true → false'],
  },
  {
    name: 'BGP families', class: 'miss', file: 'test/fixtures/review/bgp-dual-stack.yaml',
    head: (d) => d.setIn(['loadBalancer', 'bgp', 'peerConfigs', 0, 'families'], ['ipv4']), level: 'breaking',
    says: ['The session settings of peer `tor-a` change: its sessions on `cp-1`, `worker-1` reset.', 'families: ipv4, ipv6 → ipv4'],
  },
  {
    name: "a peer's address", class: 'miss', file: BGP, head: (d) => d.setIn(['loadBalancer', 'bgp', 'peers', 1, 'address'], '10.10.0.4'), level: 'breaking',
    says: ['Peer `tor-b` changes (address 10.10.0.3 → 10.10.0.4): its sessions on `server-1`'],
  },
  {
    name: "an L2 policy's serviceSelector added", class: 'miss', file: L2,
    head: (d) => d.setIn(['loadBalancer', 'l2', 'policies', 0, 'serviceSelector'], { matchLabels: { tier: 'critical' } }), level: 'breaking',
    says: ['L2 policy `agents` announces other Services: every Service → tier=critical', 'stops getting ARP/NDP answers from `worker-1 (eth0)`, `worker-2 (eth0)`'],
  },
  {
    name: 'a BGP timer and the graceful-restart time written at their defaults', class: 'false alarm', file: BGP,
    base: (d) => { d.deleteIn([...peerConfig, 'timers', 'connectRetryTimeSeconds']); d.deleteIn([...peerConfig, 'gracefulRestart', 'restartTimeSeconds']); },
    head: (d) => { d.setIn([...peerConfig, 'timers', 'connectRetryTimeSeconds'], 120); d.setIn([...peerConfig, 'gracefulRestart', 'restartTimeSeconds'], 120); },
    level: 'safe', says: ['The rendered files change without a network effect'], never: ['connectRetryTimeSeconds', 'restartTimeSeconds'],
  },
  {
    name: 'the graceful-restart time with graceful restart off', class: 'false alarm', file: BGP,
    base: (d) => d.setIn([...peerConfig, 'gracefulRestart', 'enabled'], false),
    head: (d) => { d.setIn([...peerConfig, 'gracefulRestart', 'enabled'], false); d.setIn([...peerConfig, 'gracefulRestart', 'restartTimeSeconds'], 60); },
    level: 'safe', says: ['The rendered files change without a network effect'], never: ['restartTimeSeconds'],
  },
  {
    name: 'an equivalent selector rewrite', class: 'false alarm', file: HOMELAB,
    head: (d) => d.setIn(['loadBalancer', 'pools', 1, 'serviceSelector'], { matchExpressions: [{ key: 'tier', operator: 'In', values: ['critical'] }] }),
    level: 'safe', says: ['The rendered files change without a network effect: `homelab/manifests/lb-ipam-pools.yaml`.'], never: ['selects other Services'],
  },
  {
    name: 'a rollback by one minor', class: 'false alarm', file: HOMELAB, head: (d) => d.setIn(['cilium', 'version'], '1.19.6'), level: 'restart',
    says: ['Cilium is rolled back from 1.20.0 to 1.19.6: upstream supports rolling back to the previous minor'], never: ['downgrade'],
  },
  {
    name: 'a rollback by one patch', class: 'false alarm', file: 'examples/dual-stack.yaml', base: (d) => d.setIn(['cilium', 'version'], '1.19.6'),
    head: (d) => d.setIn(['cilium', 'version'], '1.19.4'), level: 'restart', says: ['rolled back from 1.19.6 to 1.19.4: upstream supports rolling back within a minor'],
  },
  {
    name: 'a base with rpFilter 1 fixed', class: 'crash', file: HOMELAB, base: (d) => d.setIn(['sysctls', 'rpFilter'], 1), head: () => undefined, level: 'safe',
    says: ['**Base has problems', 'sysctls.rpFilter: rpFilter 1 (strict)', 'rp_filter becomes 0 on `^eth[0-9]+` (was 1'],
  },
  {
    name: 'a base with an invalid interface regex fixed', class: 'crash', file: HOMELAB, base: (d) => d.setIn(['sysctls', 'interfaces'], ['^eth\\d+']),
    head: () => undefined, level: 'safe', says: ['**Base has problems', 'sysctls.interfaces[0]'],
  },
  {
    name: 'a head the checks refuse', class: 'crash', file: HOMELAB, head: (d) => d.setIn(['sysctls', 'interfaces'], ['^eth(?=0)']), level: 'breaking',
    says: ['The new cluster file fails its checks', 'sysctls.interfaces[0]'],
  },
  {
    name: "the API host (one cause, no contradiction)", class: 'wording', file: HOMELAB, head: (d) => d.setIn(['k3s', 'apiServer', 'host'], 'api.example.net'), level: 'restart',
    says: ["the agent DaemonSet's pods: every agent restarts", '`k8sServiceHost`: "192.168.1.10" → "api.example.net"'], never: ['no agent or operator restart'],
  },
  {
    name: 'tls-san on one of three servers', class: 'wording', file: L2, head: (d) => d.setIn(['k3s', 'tlsSan'], ['k3s.example.net']), level: 'restart',
    says: ['`tls-san`: unset → k3s.example.net'], never: ['must be the same on every server'],
  },
  {
    name: "a single SQLite server's node IP", class: 'wording', file: HOMELAB,
    head: (d) => {
      d.setIn(['nodes', 0, 'address'], '192.168.1.11/24');
      d.setIn(['k3s', 'apiServer', 'host'], '192.168.1.11');
    },
    level: 'restart', says: ['Server `cp-1` changes its node IP (192.168.1.10 → 192.168.1.11)'], never: ['etcd'],
  },
  {
    name: 'an HA server node IP', class: 'wording', file: L2, head: (d) => d.setIn(['nodes', 1, 'address'], '192.168.10.14/24'), level: 'breaking',
    says: ['Server `server-2` changes its node IP (192.168.10.12 → 192.168.10.14): with embedded etcd'],
  },
  {
    name: 'an L2 policy removed (values grouped by cause)', class: 'wording', file: L2, head: (d) => d.deleteIn(['loadBalancer', 'l2']), level: 'breaking',
    says: ['L2 policy `agents` is removed', 'The Helm values of L2 announcements (their lease and the API rate limit sized for them) change', '`l2announcements.enabled`: true → unset'],
  },
  {
    name: 'a new L2 policy named', class: 'wording', file: L2,
    head: (d) => d.addIn(['loadBalancer', 'l2', 'policies'], { name: 'servers', interfaces: ['^eth0$'], loadBalancerIPs: true }), level: 'safe',
    says: ['New L2 policy `servers`: announces LoadBalancer IPs of every Service from `server-1 (eth0)`'],
  },
];

const LEVELS: readonly Level[] = ['breaking', 'restart', 'safe', 'none'];

/** The exit code at --fail-on never, restart, breaking for a review whose highest level is `level`. */
function exitCodes(level: Level): [number, number, number] {
  return [0, level === 'breaking' || level === 'restart' ? 1 : 0, level === 'breaking' ? 1 : 0];
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function side(text: string): string {
  const dir = tempDir('k3s-cilium-review-');
  dirs.push(dir);
  writeFileSync(join(dir, 'cluster.yaml'), text);
  return dir;
}

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runDiff(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } }, 'k3s-cilium-cdk8s diff', tmpdir());
  return { code, stdout, stderr };
}

describe('the review by class', () => {
  it.each(SCENARIOS)('$class: $name', (s) => {
    const [before, after] = [parseDocument(readProjectFile(s.file)), parseDocument(readProjectFile(s.file))];
    s.base?.(before);
    s.head(after);
    const [base, head] = [side(before.toString()), side(after.toString())];
    const codes = (['never', 'restart', 'breaking'] as const).map((f) => run([base, head, '--fail-on', f]));
    const r = codes[0];
    expect(r.stderr).toBe('');
    for (const text of s.says) expect(r.stdout).toContain(text);
    for (const text of s.never ?? []) expect(r.stdout).not.toContain(text);
    const json = JSON.parse(run([base, head, '--format', 'json']).stdout) as { summary: Record<string, number> };
    const top = LEVELS.find((l) => l === 'none' || json.summary[l] > 0);
    expect(top).toBe(s.level);
    expect(codes.map((c) => c.code)).toEqual(exitCodes(s.level));
  });
});

/** The invalid fixtures, each with a valid cluster of the same name (the fixture fixed, or broken). */
const INVALID = readdirSync(join(import.meta.dirname, '../fixtures/invalid')).filter((f) => f.endsWith('.yaml')).sort();

describe('no stack trace for any base or head', () => {
  // Half of them as the base, half as the head (alternating in name order): every kind of refusal is
  // met on both sides, at half the runs.
  it('reviews each invalid fixture as the base or as the head of a valid cluster of its name', () => {
    for (const [i, fixture] of INVALID.entries()) {
      const text = readProjectFile(`test/fixtures/invalid/${fixture}`);
      let name: unknown;
      try {
        name = (parse(text) as { name?: unknown } | null)?.name;
      } catch {
        name = undefined;
      }
      const valid = parseDocument(readProjectFile(HOMELAB));
      if (typeof name === 'string') valid.setIn(['name'], name);
      const [broken, fixed] = [side(text), side(valid.toString())];
      const [base, head] = i % 2 === 0 ? [broken, fixed] : [fixed, broken];
      const r = run([base, head, '--fail-on', 'breaking']);
      expect([0, 1], fixture).toContain(r.code);
      expect(r.stdout, fixture).toMatch(/^## Network change review/);
    }
  });
});
