/**
 * The whole networking stack of one cluster: k3s config per node, the Cilium HelmChart and
 * values, LB-IPAM pools, L2 policies and the rp-filter DaemonSet. Each rendered file is one
 * chart (Kubernetes objects) or one non-Kubernetes file; `files()` maps them to their paths.
 */
import { Chart, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { BgpControlPlane } from './bgp-control-plane.js';
import { CiliumHelmChart } from './cilium-helm-chart.js';
import { ciliumValues } from './cilium-values.js';
import type { ClusterSpec } from './cluster-spec.js';
import { K3sNodeConfig } from './k3s-node-config.js';
import { L2AnnouncementPolicy } from './l2-announcement-policy.js';
import { LoadBalancerPool } from './load-balancer-pool.js';
import { resolveCluster, ResolvedCluster } from './resolved-cluster.js';
import { RpFilterDaemonSet } from './rp-filter-daemon-set.js';
import { comment, valuesYaml } from './yaml-text.js';
import { addArgoCdSyncAnnotations } from './argocd-sync.js';
import { KUSTOMIZATION_FILE, kustomizationYaml } from './kustomization.js';
import { formatDiagnostic } from './diagnostics.js';
import { validateCluster } from './validation/index.js';

export interface K3sCiliumClusterProps {
  /** The cluster, exactly as a cluster file would hold it. */
  readonly spec: ClusterSpec;
  /** Name of the cluster's source in messages. Default: `<name>.ts`. */
  readonly source?: string;
  /** `spec` already resolved (the CLI resolves and validates it first), so neither is done twice. Default: resolveCluster(spec). */
  readonly resolved?: ResolvedCluster;
}

/** Output paths, relative to `dist/<cluster>/`, of the Kubernetes-object charts. */
export const MANIFEST_FILES = {
  ciliumHelmChart: 'k3s/manifests/cilium.yaml',
  rpFilter: 'manifests/rp-filter.yaml',
  lbIpPools: 'manifests/lb-ipam-pools.yaml',
  l2Policies: 'manifests/l2-announcement-policies.yaml',
  bgp: 'manifests/bgp.yaml',
} as const;

/** Directory, relative to `dist/<cluster>/`, of the objects applied once Cilium runs (by kubectl -k or Argo CD). */
export const MANIFESTS_DIR = 'manifests/';

export class K3sCiliumCluster extends Construct {
  /** The cluster file with defaults applied. */
  public readonly cluster: ResolvedCluster;
  /** k3s config file per node, in node order. */
  public readonly nodeConfigs: K3sNodeConfig[];
  /** Charts by output path, in the order they are applied. */
  public readonly charts: ReadonlyMap<string, Chart>;

  constructor(scope: Construct, id: string, props: K3sCiliumClusterProps) {
    super(scope, id);
    const cluster = props.resolved ?? resolveCluster(props.spec);
    this.cluster = cluster;
    // The checks the CLI runs on cluster files run here too, so TypeScript users get the same errors at synth.
    const source = props.source ?? `${props.spec.name}.ts`;
    this.node.addValidation({
      validate: () => validateCluster(cluster).filter((d) => d.severity === 'error').map((d) => formatDiagnostic(source, d)),
    });
    this.nodeConfigs = cluster.nodes.map((node) => new K3sNodeConfig(this, `k3s-config-${node.name}`, { cluster, node }));

    const charts = new Map<string, Chart>();
    const chart = (path: string, id: string) => {
      // No chart namespace: cdk8s would stamp it on cluster-scoped kinds too.
      const c = new Chart(this, id, { disableResourceNameHashes: true });
      charts.set(path, c);
      return c;
    };
    new CiliumHelmChart(chart(MANIFEST_FILES.ciliumHelmChart, 'cilium-helm-chart'), 'cilium', { cluster });
    new RpFilterDaemonSet(chart(MANIFEST_FILES.rpFilter, 'rp-filter'), 'rp-filter', {
      rpFilter: cluster.rpFilter, interfaces: cluster.sysctlInterfaces,
    });
    if (cluster.pools.length > 0) {
      const pools = chart(MANIFEST_FILES.lbIpPools, 'lb-ipam-pools');
      for (const pool of cluster.pools) new LoadBalancerPool(pools, pool.name, { pool: pool.spec });
    }
    if (cluster.l2Policies.length > 0) {
      const policies = chart(MANIFEST_FILES.l2Policies, 'l2-announcement-policies');
      for (const policy of cluster.l2Policies) new L2AnnouncementPolicy(policies, policy.name, { policy });
    }
    if (cluster.bgp) new BgpControlPlane(chart(MANIFEST_FILES.bgp, 'bgp'), 'bgp', { cluster });
    for (const [path, c] of charts) if (path.startsWith(MANIFESTS_DIR)) addArgoCdSyncAnnotations(c);
    this.charts = charts;
  }

  /** Every rendered file of this cluster: path relative to `dist/<cluster>/` → content, sorted by path. */
  public files(): Map<string, string> {
    const files = new Map<string, string>();
    for (const config of this.nodeConfigs) files.set(`k3s/config/${config.nodeName}.yaml`, config.toYaml());
    files.set('cilium/values.yaml', comment(
      `Cilium ${this.cluster.cilium.version} Helm values for cluster ${this.cluster.name}; the same values as k3s/manifests/cilium.yaml.\n` +
      `helm upgrade --install cilium cilium --repo https://helm.cilium.io/ --version ${this.cluster.cilium.version} --namespace kube-system -f values.yaml`,
    ) + valuesYaml(ciliumValues(this.cluster)));
    for (const [path, chart] of this.charts) files.set(path, Yaml.stringify(...chart.toJson()));
    // Listed in chart (apply) order; `--stdout` prints the objects in this order too.
    const manifests = [...this.charts.keys()].filter((p) => p.startsWith(MANIFESTS_DIR)).map((p) => p.slice(MANIFESTS_DIR.length));
    files.set(MANIFESTS_DIR + KUSTOMIZATION_FILE, kustomizationYaml(manifests));
    return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
