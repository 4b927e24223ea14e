/** The resolver: every literal default is the one the schema documents, and each derived fact has one rule. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkCluster } from '../../src/checks/index.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { CLUSTER_DEFAULTS, FLEET_DEFAULTS } from '../../src/model/defaults.js';
import { resolveCluster } from '../../src/model/resolve/cluster.js';
import { renderPlan } from '../../src/plan/index.js';
import { renderOnce } from '../constructs/render-once.js';
import { readProjectFile } from '../helpers.js';

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; default?: unknown; definitions?: Record<string, Schema> };

/** Every `default` of a generated schema, by field path (`[]` for the items of a list). */
function schemaDefaults(file: string): Record<string, unknown> {
  const root = JSON.parse(readProjectFile(file)) as Schema;
  const deref = (s: Schema): Schema => (s.$ref ? deref(root.definitions![s.$ref.replace('#/definitions/', '')]) : s);
  const out: Record<string, unknown> = {};
  const walk = (s: Schema, path: string) => {
    const node = deref(s);
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const at = path ? `${path}.${key}` : key;
      if ('default' in child) out[at] = child.default;
      walk(child, at);
    }
    if (node.items) walk(node.items, `${path}[]`);
  };
  walk(root, '');
  return out;
}

describe('defaults', () => {
  it('are the schema\'s: every @default of the cluster spec is in CLUSTER_DEFAULTS with the same value, and nothing else', () => {
    expect(schemaDefaults('schema/cluster.schema.json')).toEqual(CLUSTER_DEFAULTS);
  });

  it('are the schema\'s for the fleet file too', () => {
    expect(schemaDefaults('schema/fleet.schema.json')).toEqual(FLEET_DEFAULTS);
  });

  it('are applied by the resolver to a minimal cluster', () => {
    const cluster = resolveCluster({
      name: 'm', cilium: { version: '1.20.0' }, k3s: { apiServer: { host: '10.0.0.1' }, tokenFile: '/t' },
      nodes: [{ name: 'n', role: 'server', address: '10.0.0.1/24' }],
    });
    expect(cluster.cilium).toMatchObject({ routingMode: CLUSTER_DEFAULTS['cilium.routingMode'], hubble: { relay: false, ui: false }, bandwidthManager: false });
    expect(cluster.k3s.clusterCidrs).toEqual([CLUSTER_DEFAULTS['k3s.clusterCidr']]);
    expect(cluster.nodes[0].interfaces).toEqual(CLUSTER_DEFAULTS['nodes[].interfaces']);
    expect(cluster.lease).toEqual({ duration: '15s', renewDeadline: '5s', retryPeriod: '2s' });
    expect(cluster.sysctls).toMatchObject({ rpFilter: 0, interfaces: CLUSTER_DEFAULTS['sysctls.interfaces'] });
  });
});

describe('node selection', () => {
  // examples/bgp-tor.yaml with BGP on the control plane only, by the label k3s puts on every server.
  const spec = parse(readProjectFile('test/fixtures/examples/bgp-tor.yaml')) as ClusterSpec;
  spec.loadBalancer!.bgp!.nodeSelector = { matchLabels: { 'node-role.kubernetes.io/control-plane': 'true' } };
  spec.nodes[0].bgp = { routerID: '10.255.0.11' };
  // Resolved inside the tests (renderOnce), not in the describe block: StrykerJS counts code run outside a test as static.
  const resolved = renderOnce(() => resolveCluster(spec));

  it('counts the labels k3s sets itself, for BGP as for L2', () => {
    expect(resolved().bgp!.speakers.map((n) => n.name)).toEqual(['server-1', 'server-2', 'server-3']);
  });

  it('is the same rule for the BGP check and for PLAN.md: a selected server is not warned about, an unselected agent is', () => {
    const warnings = checkCluster(resolved()).filter((d) => d.severity === 'warning').map((d) => `${d.path}: ${d.message}`);
    expect(warnings).toEqual(['nodes[4].bgp: node "worker-2" has BGP settings but loadBalancer.bgp.nodeSelector does not select it']);
    const plan = renderPlan(resolved(), 'bgp-tor.yaml');
    expect(plan).toContain('| server-1 | server | 10.10.0.11 | 10.10.0.0/24 | eth0 | yes (router ID 10.255.0.11) |');
    expect(plan).toContain('| worker-2 | agent | 10.10.0.22 | 10.10.0.0/24 | eth0 | no (not selected by loadBalancer.bgp.nodeSelector) |');
  });
});
