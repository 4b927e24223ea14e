/**
 * The whole networking stack of one cluster, and the one render every way in shares (the CLI, the
 * Argo CD plugin, cdk8s apps): k3s config per node, the Cilium HelmChart and values, LB-IPAM pools,
 * L2 policies, BGP objects and their routers' side, the rp-filter DaemonSet, the kustomization, PLAN.md and, with Argo CD
 * settings, the cluster's Application. Each Kubernetes-object file is one chart; `files()` maps
 * every output to its path under the output directory.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CheckedCluster, checkCluster } from '../src/checks/index.js';
import { argoCdApplicationYaml } from '../src/gitops/argocd-application.js';
import { kustomizationYaml } from '../src/gitops/kustomization.js';
import { applicationFile, ciliumValuesHeader, CLUSTER_FILES, MANIFESTS_DIR } from '../src/gitops/layout.js';
import { addSyncAnnotations } from '../src/gitops/sync-waves.js';
import type { ClusterSpec } from '../src/model/cluster-spec.js';
import { Diagnostic, formatDiagnostic, hasErrors } from '../src/model/diagnostics.js';
import { resolveCluster } from '../src/model/resolve/cluster.js';
import { POD_CIDR_ADVERTISEMENT } from '../src/model/resolve/bgp.js';
import type { ArgoCdApplicationSettings } from '../src/model/resolve/fleet.js';
import type { ResolvedBgp, ResolvedCluster, ResolvedPool } from '../src/model/resolved.js';
import { renderPlan } from '../src/plan/index.js';
import { routerFiles } from '../src/routers/index.js';
import { comment, objectsYaml, valuesYaml } from '../src/text/yaml.js';
import { BgpControlPlane, BgpControlPlaneProps } from './bgp-control-plane.js';
import { CiliumHelmChart } from './cilium-helm-chart.js';
import { K3sNodeConfig } from './k3s-node-config.js';
import { L2AnnouncementPolicy } from './l2-announcement-policy.js';
import { LoadBalancerPool, LoadBalancerPoolProps } from './load-balancer-pool.js';
import { formatPropsDiagnostic, markChecked } from './prop-checks.js';
import { RpFilterDaemonSet } from './rp-filter-daemon-set.js';

export interface K3sCiliumClusterProps {
  /** The cluster, as a cluster file holds it (the TypeScript type of `clusters/<name>.yaml`). */
  readonly spec: ClusterSpec;
  /**
   * The file the spec came from: messages then read `<source>: <field path>: …` and PLAN.md names it.
   * @default - messages name the field of this prop (`spec.sysctls.rpFilter: …`, after cdk8s's `[<construct path>]`);
   *   PLAN.md names the construct path
   */
  readonly source?: string;
  /**
   * `spec` already resolved and checked (what the CLI's loader returns for it), so neither runs twice.
   * @default - resolved and checked here
   * @internal
   */
  readonly checked?: CheckedCluster;
  /**
   * Argo CD settings of the cluster's Application: with them `files()` also returns `argocd/<name>.yaml`.
   * @default - no Application
   */
  readonly argoCd?: ArgoCdApplicationSettings;
  /**
   * Start of the ids of the charts this construct adds to the app, and so of the file names
   * `app.synth()` writes: `<prefix>-k3s-manifests-cilium.k8s.yaml` (for k3s's manifests directory)
   * and `<prefix>-manifests-<file>.k8s.yaml` (for `kubectl apply` / Argo CD). Give each cluster of
   * an app its own.
   * @default - the cluster's name (`spec.name`)
   */
  readonly chartPrefix?: string;
  /**
   * What the checks' warnings do when the app synthesizes: `'print'` writes each to stderr once
   * (the CLI's format), `'fail'` fails the synth like an error, `'ignore'` leaves them to `warnings()`.
   * @default 'print'
   */
  readonly warnings?: 'print' | 'fail' | 'ignore';
}

/** A chart's id from its output path: `k3s/manifests/cilium.yaml` → `<prefix>-k3s-manifests-cilium`. */
function chartId(prefix: string, path: string): string {
  return `${prefix}-${path.replace(/\.yaml$/, '').split('/').join('-')}`;
}

function poolProps(pool: ResolvedPool): LoadBalancerPoolProps {
  return {
    name: pool.name,
    blocks: pool.blocks.map((b) => (b.cidr !== undefined ? { cidr: b.cidr } : { start: b.start!, stop: b.stop! })),
    allowFirstLastIPs: pool.allowFirstLastIPs,
    disabled: pool.disabled,
    serviceSelector: pool.serviceSelector,
  };
}

function bgpProps(clusterName: string, bgp: ResolvedBgp, pools: readonly ResolvedPool[]): BgpControlPlaneProps {
  const labels = bgp.advertisementLabels;
  return {
    clusterConfig: {
      name: clusterName,
      instanceName: bgp.instanceName,
      localASN: bgp.localASN,
      nodeSelector: bgp.nodeSelector,
      peers: bgp.peers.map((p) => ({ name: p.name, address: p.address, asn: p.asn, peerConfig: p.peerConfigName })),
    },
    peerConfigs: bgp.peerConfigs.map((c) => ({
      name: c.name, families: c.families, advertisementLabels: labels,
      authSecretRef: c.authSecretRef, ebgpMultihop: c.ebgpMultihop, timers: c.timers, gracefulRestart: c.gracefulRestart,
    })),
    poolAdvertisements: pools.flatMap((p) => (p.bgpAdvertisement
      ? [{ name: p.bgpAdvertisement.name, labels, serviceSelector: p.bgpAdvertisement.serviceSelector }]
      : [])),
    podCidrAdvertisement: bgp.advertisePodCIDRs ? { name: POD_CIDR_ADVERTISEMENT, labels } : undefined,
    nodeOverrides: bgp.nodeOverrides.map((o) => ({ nodeName: o.node.name, instanceName: bgp.instanceName, routerID: o.routerID, peers: o.peers })),
  };
}

/**
 * One k3s + Cilium cluster from its spec. In a cdk8s app, `app.synth()` writes its Kubernetes
 * objects beside the app's own charts, one hash-free file per output (see `chartPrefix`), and the
 * cluster checks run as cdk8s validations: an error fails the synth with the CLI's message, a
 * warning is printed (see `warnings`). `files()` is the complete tree the CLI writes to
 * `<out>/<name>/`, k3s configs, values, kustomization and PLAN.md included; `writeTree(dir,
 * cluster.files())` writes it.
 */
export class K3sCiliumCluster extends Construct {
  /** The cluster file with defaults applied and every derived fact computed. */
  public readonly cluster: ResolvedCluster;
  /** Every finding of the checks, warnings included. */
  public readonly diagnostics: readonly Diagnostic[];
  /** k3s config file per node, in node order. */
  public readonly nodeConfigs: readonly K3sNodeConfig[];
  /**
   * Charts by output path (relative to the cluster's directory), in the order they are applied.
   * They are children of the app (the root of the construct tree), so cdk8s names their files
   * after their ids alone.
   */
  public readonly charts: ReadonlyMap<string, Chart>;
  private readonly source: string;
  private readonly namedSource?: string;
  private readonly argoCd?: ArgoCdApplicationSettings;
  private readonly onWarnings: 'print' | 'fail' | 'ignore';
  private warningsPrinted = false;

  constructor(scope: Construct, id: string, props: K3sCiliumClusterProps) {
    super(scope, id);
    const cluster = props.checked?.cluster ?? resolveCluster(props.spec);
    this.cluster = cluster;
    this.diagnostics = props.checked?.diagnostics ?? checkCluster(cluster);
    this.source = props.source ?? this.node.path;
    this.namedSource = props.source;
    this.argoCd = props.argoCd;
    this.onWarnings = props.warnings ?? 'print';
    // The checks the CLI runs on cluster files fail the cdk8s synth too, with the same messages.
    this.node.addValidation({ validate: () => this.validationErrors() });
    this.nodeConfigs = cluster.nodes.map((node) => new K3sNodeConfig(this, `k3s-config-${node.name}`, {
      clusterName: cluster.name, nodeName: node.name, role: node.role, config: node.k3sConfig,
    }));

    const charts = new Map<string, Chart>();
    const prefix = props.chartPrefix ?? cluster.name;
    const chart = (path: string) => {
      // At the root, with a DNS-label id, cdk8s writes `<id>.k8s.yaml` (a nested chart's file name
      // gets a hash, and any chart nested in another numbers every file of the app). No chart
      // namespace: cdk8s would stamp it on cluster-scoped kinds too.
      const chartIdOf = chartId(prefix, path);
      if (this.node.root.node.tryFindChild(chartIdOf)) {
        throw new Error(`${this.node.path}: the app already has a chart "${chartIdOf}" (another cluster named "${prefix}"?). `
          + 'Give each K3sCiliumCluster of an app its own chartPrefix.');
      }
      const c = new Chart(this.node.root, chartIdOf, { disableResourceNameHashes: true });
      // The cluster checks judged every object of these charts: the constructs skip their own prop checks.
      markChecked(c);
      charts.set(path, c);
      return c;
    };
    new CiliumHelmChart(chart(CLUSTER_FILES.ciliumHelmChart), 'cilium', {
      version: cluster.cilium.version, values: cluster.cilium.values,
    });
    const rpFilterChart = chart(CLUSTER_FILES.rpFilter);
    // The DaemonSet refuses unsafe props by throwing; a cluster with errors fails the synth through its validation instead.
    if (!hasErrors(this.diagnostics)) {
      new RpFilterDaemonSet(rpFilterChart, 'rp-filter', {
        rpFilter: cluster.sysctls.rpFilter,
        interfaces: cluster.sysctls.interfaces,
        intervalSeconds: cluster.sysctls.intervalSeconds,
        image: cluster.sysctls.image,
        namespace: cluster.sysctls.namespace,
      });
    }
    if (cluster.pools.length > 0) {
      const pools = chart(CLUSTER_FILES.lbIpPools);
      for (const pool of cluster.pools) new LoadBalancerPool(pools, `pool-${pool.name}`, poolProps(pool));
    }
    if (cluster.l2Policies.length > 0) {
      const policies = chart(CLUSTER_FILES.l2Policies);
      for (const policy of cluster.l2Policies) new L2AnnouncementPolicy(policies, `policy-${policy.name}`, policy);
    }
    if (cluster.bgp) new BgpControlPlane(chart(CLUSTER_FILES.bgp), 'bgp', bgpProps(cluster.name, cluster.bgp, cluster.pools));
    for (const [path, c] of charts) if (path.startsWith(`${MANIFESTS_DIR}/`)) addSyncAnnotations(c);
    this.charts = charts;
  }

  /** A finding as messages show it: `<source>: <field path>: …`, or `spec.<field path>: …` without a source. */
  private format(d: Diagnostic): string {
    return this.namedSource !== undefined ? formatDiagnostic(this.namedSource, d) : formatPropsDiagnostic(d, 'spec');
  }

  /** The checks' warnings, formatted as the CLI prints them. */
  public warnings(): string[] {
    return this.diagnostics.filter((d) => d.severity === 'warning').map((d) => this.format(d));
  }

  /** cdk8s validation: the errors, and the warnings as `warnings` says (cdk8s validates on every chart's toJson: printed once). */
  private validationErrors(): string[] {
    const errors = this.diagnostics.filter((d) => d.severity === 'error').map((d) => this.format(d));
    const warnings = this.warnings();
    if (this.onWarnings === 'fail') return [...errors, ...warnings];
    if (this.onWarnings === 'print' && !this.warningsPrinted && warnings.length > 0) {
      this.warningsPrinted = true;
      process.stderr.write(warnings.map((w) => `${w}\n`).join(''));
    }
    return errors;
  }

  /** What kubectl -k and Argo CD apply: the files of `manifests/` with their kustomization, path relative to the cluster's directory. */
  public manifests(): Map<string, string> {
    const files = new Map<string, string>();
    for (const [path, objects] of this.manifestObjects()) files.set(path, objectsYaml(...objects));
    // Listed in chart (apply) order; `--stdout` prints the objects in this order too.
    files.set(CLUSTER_FILES.kustomization, kustomizationYaml([...files.keys()].map((p) => p.slice(MANIFESTS_DIR.length + 1))));
    return files;
  }

  /** The objects of each file of `manifests/` (path relative to the cluster's directory), rendered one chart at a time, in apply order. */
  public *manifestObjects(): Generator<[string, unknown[]]> {
    for (const [path, chart] of this.charts) if (path.startsWith(`${MANIFESTS_DIR}/`)) yield [path, chart.toJson()];
  }

  /** Every output of this cluster: path relative to the output directory (`<name>/…`, `argocd/<name>.yaml`) → text, sorted by path. */
  public files(): Map<string, string> {
    const { cluster } = this;
    const own = new Map<string, string>();
    own.set(CLUSTER_FILES.plan, renderPlan(cluster, this.source));
    for (const config of this.nodeConfigs) own.set(CLUSTER_FILES.nodeConfig(config.nodeName), config.toYaml());
    // The header is also how a write recognises a cluster directory written before ownership was recorded.
    own.set(CLUSTER_FILES.ciliumValues, `${ciliumValuesHeader(cluster.cilium.version, cluster.name)}\n` + comment(
      `helm upgrade --install cilium cilium --repo https://helm.cilium.io/ --version ${cluster.cilium.version} --namespace kube-system -f values.yaml`,
    ) + valuesYaml(cluster.cilium.values));
    for (const [path, chart] of this.charts) if (!path.startsWith(`${MANIFESTS_DIR}/`)) own.set(path, objectsYaml(...chart.toJson()));
    for (const [path, text] of this.manifests()) own.set(path, text);
    for (const [path, text] of routerFiles(cluster)) own.set(path, text);
    const files = new Map<string, string>([...own].map(([path, text]) => [`${cluster.name}/${path}`, text]));
    if (this.argoCd) files.set(applicationFile(cluster.name), argoCdApplicationYaml(this.argoCd, cluster.name));
    return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
