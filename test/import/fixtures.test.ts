/**
 * The fixtures of test/import/fixtures/, written from the upstream documentation's own examples
 * (each file cites its page): every input kind imports, the cluster file loads without errors,
 * renders, and --verify finds no difference the report does not explain.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clusterDirectory, renderClusterFile } from '../../src/cli/render.js';
import { formatReport } from '../../src/import/report.js';
import { verifyImport } from '../../src/import/verify.js';
import { loadClusterText } from '../../src/load/cluster-file.js';
import { missingReference, skipUnmet } from '../requirements.js';
import { importAndRender } from './helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => join(FIXTURES, name);

describe('import of the upstream documentation examples', () => {
  it.each([
    'helm-values', 'helmchart', 'argocd', 'lb-ipam-l2', 'bgp-v1', 'bgp-v2', 'k3s-dropins',
  ])('%s imports, renders and verifies', (name) => {
    const { result, loaded, verify } = importAndRender([fixture(name)], { name });
    expect(result.problems).toEqual([]);
    expect(loaded?.diagnostics.filter((d) => d.severity === 'error'), result.text).toEqual([]);
    expect(verify?.lines.filter((l) => l.includes('UNEXPLAINED')), formatReport(result.report)).toEqual([]);
  });

  it('reads Flux variables given with --set, names valuesFrom without resolving it', () => {
    const { result, verify } = importAndRender([fixture('flux')], { name: 'flux', set: new Map([['CLUSTER_API', '192.168.10.2']]) });
    expect(result.problems).toEqual([]);
    expect(result.spec?.k3s.apiServer.host).toBe('192.168.10.2');
    expect(result.spec?.cilium.version).toBe('1.18.10');
    expect(result.spec?.cilium.cniExclusive).toBe(false);
    expect(result.report.notes.join('\n')).toContain('ConfigMap/cilium-extra-values, which import did not read');
    expect(verify?.unexplained).toBe(0);
  });

  it('maps typed datapath fields and leaves chart defaults and unread keys out, with the reason', () => {
    const { result } = importAndRender([fixture('helm-values')], { name: 'hv' });
    const spec = result.spec!;
    expect(spec.cilium.serviceLoadBalancing?.algorithm).toBe('maglev');
    expect(spec.cilium.bpfMasquerade).toBe(true);
    const to = (path: string) => result.report.entries.find((e) => e.path === path)?.to;
    expect(to('ipam.operator.clusterPoolIPv4PodCIDRList')?.kind).toBe('decided');
    expect(to('kubeProxyReplacement')?.kind).toBe('decided');
    // A node address comes from node-ip with an assumed prefix, marked in the file.
    expect(result.text).toMatch(/address: 192\.168\.1\.10\/24 # inferred: /);
  });

  it('leaves out a value equal to the held chart\'s default, saying so (the defaults come from the reference data)', (ctx) => {
    skipUnmet(ctx, missingReference());
    const { result } = importAndRender([fixture('helm-values')], { name: 'hv' });
    const to = (path: string) => result.report.entries.find((e) => e.path === path)?.to;
    expect(to('debug.enabled')).toEqual({ kind: 'dropped', reason: 'equals the default of the Cilium 1.20.0 chart' });
  });

  it('merges k3s drop-ins as k3s does: later files replace, key+ appends', () => {
    const { result } = importAndRender([fixture('k3s-dropins')], { name: 'dropins' });
    const node = result.spec!.nodes[0];
    expect(node.name).toBe('server-a');
    expect(node.labels).toEqual({ other: 'what', foo: 'three' });
    expect(node.taints).toEqual(['alice=bob:NoExecute', 'charlie=delta:NoSchedule']);
    expect(result.spec!.k3s.extraConfig?.server).toEqual({ 'write-kubeconfig-mode': '777' });
    expect(result.report.entries.find((e) => e.path === 'token')?.to.kind).toBe('dropped');
  });

  it('translates BGP v1 to the v2 model and states the differences', () => {
    const { result } = importAndRender([fixture('bgp-v1')], { name: 'bgpv1' });
    const bgp = result.spec!.loadBalancer!.bgp!;
    expect(bgp.localASN).toBe(64512);
    expect(bgp.peers).toEqual([{ name: 'peer-172-22-0-1', address: '172.22.0.1', asn: 64513, peerConfig: '01-bgp-peering-policy' }]);
    expect(bgp.peerConfigs[0]).toMatchObject({ ebgpMultihop: 10, timers: { holdTimeSeconds: 90 } });
    expect(bgp.advertisePodCIDRs).toBe(true);
    expect(formatReport(result.report)).toContain('v2 peers have an address, not a CIDR');
  });

  it('writes the findings synth reports when the imported setup has a mistake', () => {
    const { result } = importAndRender([join(FIXTURES, '..', 'broken')], { name: 'broken' });
    expect(result.findings.some((d) => d.severity === 'error')).toBe(true);
    expect(result.text).toContain('synth reports on this file');
  });
});

describe('--verify', () => {
  it('finds a difference the report does not explain (a value that went to a field but renders otherwise)', () => {
    const { result, loaded } = importAndRender([fixture('helm-values')], { name: 'hv' });
    // Render a cluster that differs from what was imported: the typed Maglev choice is lost.
    const changed = loadClusterText('x.yaml', result.text!.replace('algorithm: maglev', 'algorithm: random'));
    expect(loaded?.cluster).toBeDefined();
    const files = clusterDirectory(renderClusterFile({ file: 'x.yaml', cluster: changed.cluster!, diagnostics: [] }), changed.cluster!.name);
    const v = verifyImport(result, files);
    expect(v.unexplained).toBe(1);
    expect(v.lines.filter((l) => l.includes('UNEXPLAINED'))).toEqual(['  UNEXPLAINED  Helm value loadBalancer.algorithm: yours maglev, rendered (none)']);
  });

  it('explains a difference the report accounts for (a value decided by the model)', () => {
    const { verify } = importAndRender([fixture('helm-values')], { name: 'hv' });
    expect(verify?.lines).toContainEqual(expect.stringMatching(/explained {4}Helm value ipam\.operator\.clusterPoolIPv4PodCIDRList: .*decided by the model/));
  });
});
