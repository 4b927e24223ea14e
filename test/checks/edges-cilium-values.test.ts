/**
 * Check 35, the cilium.values overlay, read on each branch it has in the held charts: keys the file
 * owns (with the field to set, or "remove"), unknown keys (with the nearest sibling, or none), types
 * against values.schema.json (an integer where a number is allowed, not the reverse), free-form maps.
 * In process.
 */
import { describe, expect, it } from 'vitest';
import { checkCiliumValues } from '../../src/checks/35-cilium-values.js';
import { edited, HOMELAB, run } from './run-check.js';

const values = (overlay: object, version = '1.20.0') => run(checkCiliumValues, edited(HOMELAB, ['cilium.values', overlay], ['cilium.version', version]));
const OVERLAY = 'the overlay may only add keys the file has no field for';

describe('check 35: cilium.values', () => {
  it('keys a field decides, or no one may set', () => {
    expect(values({ routingMode: 'native', tunnel: 'disabled', hubble: { enabled: true, relay: { enabled: true } }, ipv6: { enabled: true }, MTU: 1500 })).toEqual([
      `cilium.values.routingMode: routingMode comes from cilium.routingMode; ${OVERLAY}. Set cilium.routingMode instead.`,
      `cilium.values.tunnel: tunnel was removed in Cilium 1.15; use cilium.routingMode and cilium.tunnelProtocol; ${OVERLAY}. Remove it from cilium.values.`,
      `cilium.values.hubble.enabled: hubble.enabled comes from cilium.hubble.enabled; ${OVERLAY}. Set cilium.hubble.enabled instead.`,
      `cilium.values.hubble.relay.enabled: hubble.relay.enabled comes from cilium.hubble.relay; ${OVERLAY}. Set cilium.hubble.relay instead.`,
      `cilium.values.ipv6.enabled: ipv6.enabled follows k3s.clusterCidr (dual-stack when it holds an IPv6 CIDR); ${OVERLAY}. Remove it from cilium.values.`,
      `cilium.values.MTU: MTU comes from cilium.mtu; ${OVERLAY}. Set cilium.mtu instead.`,
    ]);
  });

  it('unknown keys, with the nearest sibling when one is near', () => {
    expect(values({ operatr: {}, mtu: 1 })).toEqual([
      'cilium.values.operatr: operatr is not a key of the Cilium 1.20.0 chart (neither set nor documented in its values.yaml), so the chart would ignore it. Did you mean operator?',
      'cilium.values.mtu: mtu is not a key of the Cilium 1.20.0 chart (neither set nor documented in its values.yaml), so the chart would ignore it. '
        + 'Check the key against the chart\'s values.yaml of this release.',
    ]);
  });

  it('types from values.schema.json; known keys and free-form maps pass', () => {
    expect(values({ debug: { enabled: 'yes' }, bpf: 3, kubeConfigPath: 5, cluster: { id: 1.5 } })).toEqual([
      'cilium.values.debug.enabled: debug.enabled is string "yes", and the Cilium 1.20.0 chart\'s values.schema.json allows boolean. Write a value of type boolean.',
      'cilium.values.bpf: bpf is integer 3, and the Cilium 1.20.0 chart\'s values.schema.json allows object. Write a value of type object.',
      'cilium.values.kubeConfigPath: kubeConfigPath is integer 5, and the Cilium 1.20.0 chart\'s values.schema.json allows string. Write a value of type string.',
      'cilium.values.cluster.id: cluster.id is number 1.5, and the Cilium 1.20.0 chart\'s values.schema.json allows integer. Write a value of type integer.',
    ]);
    expect(values({ prometheus: { enabled: true }, operator: { prometheus: { enabled: true } }, extraConfig: { anything: 'x' }, podAnnotations: { a: 'b' },
      debug: { verbose: 'flow' }, resources: { limits: { cpu: 1 } }, cluster: { id: 2 }, rollOutCiliumPods: true })).toEqual([]);
    expect(values({})).toEqual([]);
  });

  it('per release: the 1.18 chart', () => {
    expect(values({ nodePort: { enabled: true }, loadBalancer: 'x' }, '1.18.10')).toEqual([
      `cilium.values.nodePort.enabled: nodePort.enabled must not be set: kubeProxyReplacement: true includes NodePort, and the key is gone from 1.19 on; ${OVERLAY}. `
        + 'Remove it from cilium.values.',
      'cilium.values.loadBalancer: loadBalancer is string "x", and the Cilium 1.18.10 chart\'s values.schema.json allows object. Write a value of type object.',
    ]);
  });
});
