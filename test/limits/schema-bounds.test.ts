/**
 * Every numeric bound, string length and list minimum of schema/cluster.schema.json, read from the
 * schema itself (a new bound is tested without a new line here, or fails until its field has a place
 * below): at the bound the file passes the schema stage, one past it the schema stage refuses it with
 * the bound in the message, on both YAML paths and in the library, which runs the same schema stage on
 * its typed spec (test/limits/paths.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { findings, setPath, specOf } from './paths.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema/cluster.schema.json'), 'utf8'));

/** Where each schema definition sits in the BGP example, the example that has them all. */
const PLACE: Record<string, string> = {
  ClusterSpec: '',
  CiliumSpec: 'cilium',
  K8sClientRateLimitSpec: 'cilium.k8sClientRateLimit',
  ApiServerSpec: 'k3s.apiServer',
  NodeSpec: 'nodes[0]',
  PoolSpec: 'loadBalancer.pools[0]',
  BgpSpec: 'loadBalancer.bgp',
  BgpPeerConfigSpec: 'loadBalancer.bgp.peerConfigs[0]',
  BgpTimersSpec: 'loadBalancer.bgp.peerConfigs[0].timers',
  BgpGracefulRestartSpec: 'loadBalancer.bgp.peerConfigs[0].gracefulRestart',
  BgpPeerSpec: 'loadBalancer.bgp.peers[0]',
};

/** Fields whose value at a bound needs a sibling to agree (the checks compare them). */
const SIBLINGS: Record<string, (value: number) => Record<string, number>> = {
  'cilium.k8sClientRateLimit.qps': (qps) => ({ 'cilium.k8sClientRateLimit.burst': Math.max(qps, 1) }),
  'cilium.k8sClientRateLimit.burst': (burst) => ({ 'cilium.k8sClientRateLimit.qps': Math.min(Math.max(burst, 1), 499999) }),
  'loadBalancer.bgp.peerConfigs[0].timers.keepAliveTimeSeconds': (k) => ({ 'loadBalancer.bgp.peerConfigs[0].timers.holdTimeSeconds': Math.min(Math.max(k, 3), 65535) }),
};

interface Bound { readonly field: string; readonly keyword: string; readonly limit: number }

function bounds(): Bound[] {
  const out: Bound[] = [];
  for (const [def, body] of Object.entries<any>(schema.definitions)) {
    for (const [prop, s] of Object.entries<any>(body.properties ?? {})) {
      for (const keyword of ['minimum', 'maximum', 'maxLength', 'minItems']) {
        if (s[keyword] === undefined) continue;
        if (!(def in PLACE)) throw new Error(`schema bound ${def}.${prop} ${keyword}: add ${def} to PLACE in this test`);
        out.push({ field: PLACE[def] ? `${PLACE[def]}.${prop}` : prop, keyword, limit: s[keyword] });
      }
    }
  }
  return out;
}

/** The value at the bound and one past it. */
function values({ keyword, limit }: Bound): [unknown, unknown] {
  switch (keyword) {
    case 'minimum': return [limit, limit - 1];
    case 'maximum': return [limit, limit + 1];
    // Names: lower-case letters are valid in every name field.
    case 'maxLength': return ['a'.repeat(limit), 'a'.repeat(limit + 1)];
    default: return [undefined, []]; // minItems 1: the example's list, and an empty one
  }
}

const schemaFinding = (b: Bound) => (line: string) => line.startsWith(`${b.field}: `) && /is (below the minimum|above the maximum)|must NOT have (more|fewer) than/.test(line);

describe('schema bounds of the cluster file, at the bound and one past it', () => {
  const all = bounds();
  it('reads the bounds from the schema', () => {
    expect(all.length).toBeGreaterThan(15);
  });

  it.each(all.map((b) => [`${b.field} ${b.keyword} ${b.limit}`, b] as const))('%s', (_, b) => {
    const [at, past] = values(b);
    const spec = (v: unknown) => {
      const s = specOf('examples/bgp-tor.yaml');
      if (v !== undefined) setPath(s, b.field, v);
      for (const [k, sv] of Object.entries(SIBLINGS[b.field]?.(typeof v === 'number' ? v : 0) ?? {})) setPath(s, k, sv);
      return s;
    };
    expect(findings(spec(at)).filter(schemaFinding(b))).toEqual([]);
    const refused = findings(spec(past)).filter(schemaFinding(b));
    expect(refused).toHaveLength(1);
    if (b.keyword === 'minimum' || b.keyword === 'maximum') expect(refused[0]).toMatch(new RegExp(` ${b.limit}$`));
  });
});
