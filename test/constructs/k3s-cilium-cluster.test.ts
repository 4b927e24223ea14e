/** The default cluster end to end: one snapshot per rendered file plus what each file must say. */
import { describe, expect, it } from 'vitest';
import { docs, doc, HOMELAB, renderFile } from '../helpers.js';
import { renderOnce } from './render-once.js';

/** The cluster's files, rendered by the first test that reads them (see render-once.ts). */
const rendered = renderOnce(() => renderFile(HOMELAB));
const CLUSTER_SCOPED = new Set([
  'CiliumLoadBalancerIPPool',
  'CiliumL2AnnouncementPolicy',
  'CiliumBGPClusterConfig',
  'CiliumBGPPeerConfig',
  'CiliumBGPAdvertisement',
  'CiliumBGPNodeConfigOverride',
]);
const REMOVED_HELM_KEYS = ['tunnel', 'nodePort', 'hostPort', 'externalIPs'];

describe('the default cluster (test/fixtures/clusters/homelab.yaml, a copy of the template\'s)', () => {
  it('renders every output of the layout', () => {
    expect([...rendered().keys()]).toEqual(expect.arrayContaining([
      'cilium/values.yaml',
      'k3s/config/cp-1.yaml',
      'k3s/manifests/cilium.yaml',
      'manifests/l2-announcement-policies.yaml',
      'manifests/lb-ipam-pools.yaml',
      'manifests/rp-filter.yaml',
    ]));
  });

  it('matches its snapshot, file by file', async () => {
    for (const [path, text] of rendered()) await expect(text, path).toMatchFileSnapshot(`../snapshots/homelab/${path}`);
  });

  it('emits the apiVersion each kind has in Cilium 1.20 and no namespace on cluster-scoped kinds', () => {
    // kustomization.yaml is kustomize's own file, not an object applied to the cluster.
    const objects = [...rendered()]
      .filter(([p]) => (p.startsWith('manifests/') || p.startsWith('k3s/manifests/')) && !p.endsWith('/kustomization.yaml'))
      .flatMap(([, t]) => docs(t));
    const byKind = Object.fromEntries(objects.map((o) => [o.kind, o.apiVersion]));
    expect(byKind).toEqual({
      CiliumLoadBalancerIPPool: 'cilium.io/v2',
      CiliumL2AnnouncementPolicy: 'cilium.io/v2alpha1',
      DaemonSet: 'apps/v1',
      HelmChart: 'helm.cattle.io/v1',
    });
    for (const o of objects) {
      if (CLUSTER_SCOPED.has(o.kind)) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBeUndefined();
      else expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe('kube-system');
    }
  });

  it('renders the pools of the post as they work today', () => {
    const pools = docs(rendered().get('manifests/lb-ipam-pools.yaml')!);
    expect(pools.map((p) => [p.metadata.name, p.spec])).toEqual([
      ['default-pool', { blocks: [{ start: '192.168.1.100', stop: '192.168.1.115' }] }],
      ['critical', { blocks: [{ cidr: '192.168.1.200/30' }], serviceSelector: { matchLabels: { tier: 'critical' } } }],
    ]);
  });

  it('renders one L2 policy for external and LoadBalancer IPs on ^eth[0-9]+', () => {
    expect(docs(rendered().get('manifests/l2-announcement-policies.yaml')!).map((p) => [p.metadata.name, p.spec])).toEqual([
      ['default-policy', { externalIPs: true, interfaces: ['^eth[0-9]+'], loadBalancerIPs: true }],
    ]);
  });

  describe('Cilium values', () => {
    const values = () => doc(rendered().get('cilium/values.yaml')!);
    const helmChart = () => docs(rendered().get('k3s/manifests/cilium.yaml')!)[0];

    it('are the same in values.yaml and the HelmChart valuesContent', () => {
      expect(doc(helmChart().spec.valuesContent)).toEqual(values());
    });

    it('replace kube-proxy and reach the API at the node IP', () => {
      expect(values()).toMatchObject({ kubeProxyReplacement: true, k8sServiceHost: '192.168.1.10', k8sServicePort: 6443, ipam: { mode: 'kubernetes' } });
    });

    it('route natively with routingMode, never the removed tunnel key', () => {
      expect(values()).toMatchObject({ routingMode: 'native', ipv4NativeRoutingCIDR: '10.42.0.0/16', autoDirectNodeRoutes: true });
      for (const key of REMOVED_HELM_KEYS) expect(values()).not.toHaveProperty(key);
      expect(rendered().get('cilium/values.yaml')).not.toMatch(/strict/);
    });

    it('enable L2 announcements, Hubble with relay and UI, the bandwidth manager, one operator', () => {
      expect(values()).toMatchObject({
        l2announcements: { enabled: true, leaseDuration: '15s', leaseRenewDeadline: '5s', leaseRetryPeriod: '2s' },
        hubble: { enabled: true, relay: { enabled: true }, ui: { enabled: true } },
        bandwidthManager: { enabled: true },
        operator: { replicas: 1 },
      });
    });

    it('size the API client for 20 L2 services but never below the agent defaults', () => {
      // 16 range addresses + 4 of the /30 = 20 services; 20 / 5s = 4 QPS < the default 10.
      expect(values().k8sClientRateLimit).toEqual({ qps: 10, burst: 20 });
    });

    it('bootstrap Cilium from the HelmChart before any CNI exists', () => {
      expect(helmChart().metadata).toEqual({ name: 'cilium', namespace: 'kube-system' });
      expect(helmChart().spec).toMatchObject({
        chart: 'cilium', repo: 'https://helm.cilium.io/', version: '1.20.0', targetNamespace: 'kube-system', bootstrap: true,
      });
    });
  });

  describe('k3s server config', () => {
    const text = () => rendered().get('k3s/config/cp-1.yaml')!;

    it('turns off flannel, kube-proxy, the network-policy controller, servicelb and traefik', () => {
      expect(doc(text())).toEqual({
        'cluster-cidr': ['10.42.0.0/16'],
        'service-cidr': ['10.43.0.0/16'],
        'flannel-backend': 'none',
        'disable-network-policy': true,
        'disable-kube-proxy': true,
        disable: ['servicelb', 'traefik'],
        'node-ip': ['192.168.1.10'],
        'node-label': ['role=edge-node'],
        'token-file': '/etc/rancher/k3s/token',
      });
    });

    it('quotes every string scalar (k3s reads YAML 1.1) and never holds a token value', () => {
      for (const line of text().split('\n').filter((l) => l && !l.startsWith('#'))) {
        const value = line.replace(/^\s*(- |[a-z-]+: ?)/, '');
        if (value !== '' && value !== 'true' && value !== 'false') expect(value, line).toMatch(/^".*"$/);
      }
      expect(doc(text())).not.toHaveProperty('token');
    });
  });

  describe('rp-filter DaemonSet', () => {
    const daemonSet = () => docs(rendered().get('manifests/rp-filter.yaml')!)[0];

    it('runs on the host network at node-critical priority on every node, before Cilium', () => {
      const pod = daemonSet().spec.template.spec;
      expect(pod.hostNetwork).toBe(true);
      expect(pod.dnsPolicy).toBe('ClusterFirstWithHostNet');
      expect(pod.priorityClassName).toBe('system-node-critical');
      expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
      expect(pod.automountServiceAccountToken).toBe(false);
    });

    it('runs with the least privilege that writes a net sysctl: uid 0, no capability, the host\'s /proc/sys/net mounted', () => {
      const pod = daemonSet().spec.template.spec;
      expect(pod.securityContext).toBeUndefined();
      for (const c of [...pod.initContainers, ...pod.containers]) {
        expect(c.securityContext, c.name).toEqual({
          runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, privileged: false, allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(c.volumeMounts, c.name).toEqual([{ name: 'host-proc-sys-net', mountPath: '/host/proc/sys/net', readOnly: false }]);
        expect(c.resources, c.name).toEqual({ requests: { cpu: '1m', memory: '4Mi' }, limits: { cpu: '50m', memory: '16Mi' } });
        expect(c.image, c.name).toMatch(/^[^:@]+:[0-9][^:@]*@sha256:[0-9a-f]{64}$/);
      }
      expect(pod.volumes).toEqual([{ name: 'host-proc-sys-net', hostPath: { path: '/proc/sys/net', type: 'Directory' } }]);
      expect(pod.containers[0].command[2]).toContain('conf=${RP_FILTER_CONF_DIR:-/host/proc/sys/net/ipv4/conf}');
    });

    it('selects its pods by stable labels, without a construct-path hash', () => {
      const ds = daemonSet();
      expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'rp-filter', 'app.kubernetes.io/part-of': 'k3s-cilium-cdk8s' });
      expect(ds.spec.template.metadata.labels).toEqual(ds.spec.selector.matchLabels);
    });

    it('sets all to 0 and the matching interfaces to rpFilter, once at init and then in a loop', () => {
      const pod = daemonSet().spec.template.spec;
      expect(pod.initContainers.map((c: any) => c.command.at(-1))).toEqual(['once']);
      expect(pod.containers.map((c: any) => c.command.at(-1))).toEqual(['watch']);
      const script: string = pod.containers[0].command[2];
      expect(script).toContain('set_rp_filter all 0');
      expect(script).toContain("pattern='(^eth[0-9]+)'");
      expect(script).toContain('want=0');
    });
  });
});
