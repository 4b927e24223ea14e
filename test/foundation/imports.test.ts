/** cdk8s import names the first-listed CRD version without a suffix: pin what each class really emits. */
import { describe, expect, it } from 'vitest';
import { CiliumBgpAdvertisement } from '../../imports/cilium-bgp-advertisement-cilium.io.js';
import { CiliumBgpClusterConfig } from '../../imports/cilium-bgp-cluster-config-cilium.io.js';
import { CiliumBgpNodeConfigOverride } from '../../imports/cilium-bgp-node-config-override-cilium.io.js';
import { CiliumBgpPeerConfig } from '../../imports/cilium-bgp-peer-config-cilium.io.js';
import { CiliumL2AnnouncementPolicy } from '../../imports/cilium-l2-announcement-cilium.io.js';
import { CiliumLoadBalancerIpPool } from '../../imports/cilium-lb-ipam-cilium.io.js';
import { HelmChart } from '../../imports/k3s-helm-chart-helm.cattle.io.js';
import { readProjectFile } from '../helpers.js';
import { parse } from 'yaml';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

describe('imported CRD classes', () => {
  it.each([
    [CiliumLoadBalancerIpPool, 'cilium.io/v2', 'CiliumLoadBalancerIPPool'],
    [CiliumL2AnnouncementPolicy, 'cilium.io/v2alpha1', 'CiliumL2AnnouncementPolicy'],
    [CiliumBgpClusterConfig, 'cilium.io/v2', 'CiliumBGPClusterConfig'],
    [CiliumBgpPeerConfig, 'cilium.io/v2', 'CiliumBGPPeerConfig'],
    [CiliumBgpAdvertisement, 'cilium.io/v2', 'CiliumBGPAdvertisement'],
    [CiliumBgpNodeConfigOverride, 'cilium.io/v2', 'CiliumBGPNodeConfigOverride'],
    [HelmChart, 'helm.cattle.io/v1', 'HelmChart'],
  ])('%o emits %s %s', (cls, apiVersion, kind) => {
    expect(cls.GVK).toEqual({ apiVersion, kind });
  });

  it('cdk8s.yaml names one upstream URL per generated module, pinned to a release', () => {
    const config = parse(readProjectFile('cdk8s.yaml')) as { app: string; imports: string[] };
    const modules = readdirSync(join(ROOT, 'imports')).sort();
    const expected = config.imports.map((entry) => {
      const [name, url] = entry.split(':=');
      expect(url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/(cilium\/cilium\/v1\.20\.0|k3s-io\/helm-controller\/v0\.17\.7)\//);
      const group = url.includes('helm-controller') ? 'helm.cattle.io' : 'cilium.io';
      return `${name}-${group}.ts`;
    }).sort();
    expect(modules).toEqual(expected);
    // ts-node is slow and breaks with TypeScript 7; cdk8s synth must run the app through tsx or compiled JS.
    expect(config.app).not.toMatch(/ts-node/);
  });
});
