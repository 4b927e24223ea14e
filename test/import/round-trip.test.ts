/**
 * The round trip: for generated cluster files, synth then import of the rendered tree gives back
 * the same model, seen by what it renders (the Helm values, every k3s config and every manifest are
 * the same objects), across the held Cilium releases. Few runs: each one renders twice.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterDirectory, renderClusterFile } from '../../src/cli/render.js';
import { importSetup } from '../../src/import/import.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import type { ClusterSpec } from '../../src/model/cluster-spec.js';
import { HELD_CHART_RELEASES } from '../../src/model/cilium-chart-keys.js';
import { tempDir } from '../helpers.js';

const root = tempDir('k3s-cilium-roundtrip-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

function render(spec: ClusterSpec): Map<string, string> {
  const loaded = loadClusterText('c.yaml', JSON.stringify(spec));
  if (!loaded.cluster) throw new Error(JSON.stringify(loaded.diagnostics));
  return clusterDirectory(renderClusterFile({ file: 'c.yaml', cluster: loaded.cluster, diagnostics: loaded.diagnostics }), loaded.cluster.name);
}

/** Each YAML file as its objects (comments and layout do not count); PLAN.md is prose about the same model. */
function meaning(files: Map<string, string>): Record<string, unknown> {
  return Object.fromEntries([...files].filter(([p]) => p.endsWith('.yaml')).map(([p, t]) => [p, parseAllDocuments(t).map((d) => d.toJS())]));
}

const clusters = fc.record({
  version: fc.constantFrom(...HELD_CHART_RELEASES),
  agents: fc.integer({ min: 0, max: 2 }),
  servers: fc.constantFrom(1, 3),
  hubble: fc.constantFrom('off', 'on', 'relay'),
  maglev: fc.boolean(),
  bpfMasquerade: fc.boolean(),
  announce: fc.constantFrom('l2', 'bgp'),
  selector: fc.boolean(),
  taint: fc.boolean(),
}).map((g): ClusterSpec => ({
  name: 'rt',
  cilium: {
    version: g.version,
    hubble: g.hubble === 'off' ? { enabled: false } : { relay: g.hubble === 'relay' },
    ...(g.maglev ? { serviceLoadBalancing: { algorithm: 'maglev' } } : {}),
    ...(g.bpfMasquerade ? { bpfMasquerade: true } : {}),
  },
  k3s: { apiServer: { host: '192.168.1.11' }, tokenFile: '/etc/rancher/k3s/token', disable: ['traefik'] },
  nodes: [
    ...Array.from({ length: g.servers }, (_, i) => ({ name: `cp-${i + 1}`, role: 'server' as const, address: `192.168.1.${11 + i}/24`, labels: { zone: 'a' } })),
    ...Array.from({ length: g.agents }, (_, i) => ({
      name: `w-${i + 1}`, role: 'agent' as const, address: `192.168.1.${21 + i}/24`, ...(g.taint ? { taints: ['gpu=true:NoSchedule'] } : {}),
    })),
  ],
  loadBalancer: {
    // An L2 pool on the nodes' subnet; a BGP-only pool off it (check 38).
    pools: [{ name: 'lan', blocks: [g.announce === 'l2' ? { start: '192.168.1.200', stop: '192.168.1.220' } : { cidr: '10.20.0.0/24' }], ...(g.selector ? { serviceSelector: { matchLabels: { expose: 'lan' } } } : {}) }],
    ...(g.announce === 'l2'
      ? { l2: { policies: [{ name: 'lan', interfaces: ['^eth[0-9]+'], loadBalancerIPs: true }] } }
      : { bgp: { localASN: 64512, peerConfigs: [{ name: 'router' }], peers: [{ name: 'router', address: '192.168.1.1', asn: 64513 }] } }),
  },
}));

describe('synth then import', () => {
  it('gives back the same model on every held release', () => {
    let run = 0;
    fc.assert(fc.property(clusters, (spec) => {
      const files = render(spec);
      const dir = join(root, `run-${run++}`);
      for (const [path, text] of files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const imported = importSetup([dir], { name: 'rt' });
      expect(imported.problems).toEqual([]);
      expect(imported.findings.filter((d) => d.severity === 'error')).toEqual([]);
      expect(meaning(render(imported.spec!))).toEqual(meaning(files));
    }), { numRuns: 8, seed: 21 });
  });
});

describe('import of the committed example trees', () => {
  // test/snapshots/<example>/ is what synth renders from examples/<example>.yaml (test/examples keeps them current).
  const SNAPSHOTS = join(import.meta.dirname, '..', 'snapshots');
  it.each(['bgp-dsr-netkit', 'chained-cni', 'ha-kube-vip', 'bgp-tor', 'dual-stack', 'ha-l2'])('%s renders the same objects once imported', (name) => {
    const dir = join(SNAPSHOTS, name);
    const imported = importSetup([dir], { name });
    expect(imported.problems).toEqual([]);
    expect(imported.findings.filter((d) => d.severity === 'error'), imported.text).toEqual([]);
    const original = new Map([...readTree(dir)]);
    expect(meaning(render(imported.spec!))).toEqual(meaning(original));
  });
});

function readTree(dir: string, base = dir): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) for (const [p, t] of readTree(path, base)) out.set(p, t);
    else out.set(relative(base, path), readFileSync(path, 'utf8'));
  }
  return out;
}
