/**
 * Check 36, k3s.extraConfig, read whole on each branch: secrets, flags the file owns (also written
 * as `key+`), unknown flags (with the nearest name), server-only flags on agents, flags newer than
 * a pinned release, deprecated flags, aliases, and a value of each flag type. In process.
 */
import { describe, expect, it } from 'vitest';
import { checkK3sExtraConfig } from '../../src/checks/36-k3s-extra-config.js';
import { edited, HOMELAB, run } from './run-check.js';

const extra = (server: object, agent: object, version?: string) =>
  run(checkK3sExtraConfig, edited(HOMELAB, ['k3s.extraConfig', { server, agent }], ['k3s.version', version]));
const S = 'k3s.extraConfig.server';
const A = 'k3s.extraConfig.agent';
const TYPE = 'Write the value as k3s expects it in config.yaml.';

describe('check 36: k3s.extraConfig', () => {
  it('secrets, owned flags and their fixes', () => {
    expect(extra({ token: 'x', 'cluster-cidr': '1', 'flannel-backend': 'x', 'kubelet-arg+': ['a'] }, { 'etcd-s3-secret-key': 'k' })).toEqual([
      `${S}.token: token is a secret, and this file is committed to Git and rendered into every node's config. Use k3s.tokenFile (a file on each node) instead.`,
      `${S}.cluster-cidr: cluster-cidr is written from k3s.clusterCidr; extraConfig may only add flags the file has no field for. Set k3s.clusterCidr instead.`,
      `${S}.flannel-backend: flannel-backend is written from nothing: it is always none (Cilium is the CNI); extraConfig may only add flags the file has no field for. Remove it.`,
      `${S}["kubelet-arg+"]: kubelet-arg is written from nodes[].kubeletArgs; extraConfig may only add flags the file has no field for. Set nodes[].kubeletArgs instead.`,
      `${A}.etcd-s3-secret-key: etcd-s3-secret-key is a secret, and this file is committed to Git and rendered into every node's config. `
        + 'Use etcd-s3-config-secret (a Secret in kube-system) instead.',
    ]);
  });

  it('egress-selector-mode: pod only with kubernetes IPAM (it finds a pod\'s node by the Node\'s PodCIDR, which cluster-pool does not use)', () => {
    const mode = (value: string, ipam?: string) => run(checkK3sExtraConfig, edited(HOMELAB, [S, { 'egress-selector-mode': value }], ['cilium.ipamMode', ipam]));
    expect(mode('pod', 'cluster-pool')).toEqual([
      `${S}.egress-selector-mode: pod mode finds a pod's node by the Node's PodCIDR, which Cilium's cluster-pool IPAM does not use: `
        + 'the API server cannot reach webhooks and aggregated APIs served by pods. Use agent (k3s\'s default) or cluster, or cilium.ipamMode: kubernetes.',
    ]);
    for (const [value, ipam] of [['pod', undefined], ['pod', 'kubernetes'], ['agent', 'cluster-pool'], ['cluster', 'cluster-pool']]) {
      expect(mode(value!, ipam), `${value} ${ipam}`).toEqual([]);
    }
  });

  it('unknown flags, server-only flags on agents, aliases', () => {
    expect(extra({}, { 'advertise-address': 'x', nonsense: 1, 'node-labl': 'x', d: '/x', 'lb-server-port': 6444 })).toEqual([
      `${A}.advertise-address: advertise-address is a flag of k3s server only; k3s agent exits on it. Move it to k3s.extraConfig.server.`,
      `${A}.nonsense: nonsense is not a flag of k3s agent, which exits on a config key it does not define. See k3s agent --help.`,
      `${A}.node-labl: node-labl is not a flag of k3s agent, which exits on a config key it does not define. Did you mean node-label?`,
    ]);
  });

  it('values of each type', () => {
    expect(extra({ 'lb-server-port': 'x', debug: 'yes', 'kube-proxy-arg': 'a', 'kube-proxy-arg+': [1], 'etcd-snapshot-schedule-cron': 5,
      'etcd-s3-timeout': 'soon', 'etcd-snapshot-reconcile-interval': '5m0s', v: 1.5, 'disable-apiserver-lb': true, 'kubelet-args': [] }, {})).toEqual([
      `${S}.lb-server-port: "x" is not an integer (flag type int). ${TYPE}`,
      `${S}.debug: "yes" is not true or false (flag type bool). ${TYPE}`,
      `${S}["kube-proxy-arg+"]: [1] is not a string or a list of strings (flag type stringSlice). ${TYPE}`,
      `${S}.etcd-snapshot-schedule-cron: 5 is not a string (flag type string). ${TYPE}`,
      `${S}.etcd-s3-timeout: "soon" is not a Go duration such as "5m0s" (flag type duration). ${TYPE}`,
      `${S}.v: 1.5 is not an integer (flag type int). ${TYPE}`,
      // An agent-only flag under server: the message names the agent, not the server (it said "server only; k3s agent exits on it").
      `${S}.disable-apiserver-lb: disable-apiserver-lb is a flag of k3s agent only; k3s server exits on it. Move it to k3s.extraConfig.agent.`,
      `${S}.kubelet-args: kubelet-args is not a flag of k3s server, which exits on a config key it does not define. Did you mean kubelet-arg?`,
    ]);
  });

  it('flags newer than k3s v1.34.3: refused on a release without them, warned when none is pinned; deprecated ones warned', () => {
    expect(extra({ 'write-kubeconfig-name': 'x', 'helm-job-image': 'i' }, {})).toEqual([
      `warning: ${S}.write-kubeconfig-name: write-kubeconfig-name is newer than k3s v1.34.3; older releases exit on it. Pin k3s.version to a release that has it.`,
      `warning: ${S}.helm-job-image: helm-job-image is deprecated in k3s. Check the k3s release notes for its replacement.`,
    ]);
    for (const version of ['v1.34.1+k3s1', 'v1.35.0+k3s1']) {
      expect(extra({ 'write-kubeconfig-name': 'x' }, {}, version)).toEqual([
        `${S}.write-kubeconfig-name: write-kubeconfig-name is not a flag of k3s ${version}, which exits on it. Remove it, or pin a k3s release that has it (k3s.version).`,
      ]);
    }
    expect(extra({ 'write-kubeconfig-name': 'x' }, {}, 'v1.36.0+k3s1')).toEqual([]);
  });
});
