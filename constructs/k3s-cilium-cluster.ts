/**
 * The whole networking stack of one cluster, and the one render every way in shares (the CLI, the
 * Argo CD plugin, cdk8s apps): k3s config per node, the Cilium HelmChart and values, LB-IPAM pools,
 * L2 policies, BGP objects and their routers' side, the rp-filter DaemonSet, the kustomization, PLAN.md and, with Argo CD
 * settings, the cluster's Application. Each Kubernetes-object file is one chart inside this
 * construct; `files()` maps every output to its path under the output directory.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CheckedCluster, checkCluster } from '../src/checks/index.js';
import { clusterShapeDiagnostics } from '../src/checks/schema.js';
import { argoCdApplicationYaml } from '../src/gitops/argocd-application.js';
import { kustomizationYaml } from '../src/gitops/kustomization.js';
import { applicationFile, ciliumValuesHeader, CLUSTER_FILES, MANIFESTS_DIR } from '../src/gitops/layout.js';
import { addSyncAnnotations } from '../src/gitops/sync-waves.js';
import { byName } from '../src/model/by-name.js';
import type { ClusterSpec } from '../src/model/cluster-spec.js';
import { Diagnostic, formatDiagnostic, hasErrors } from '../src/model/diagnostics.js';
import { resolveCluster } from '../src/model/resolve/cluster.js';
import type { ArgoCdApplicationSettings } from '../src/model/resolve/fleet.js';
import { bgpProps, ciliumHelmChartProps, l2PolicyProps, nodeConfigProps, poolProps, rpFilterProps } from '../src/model/resolve/props.js';
import type { ResolvedCluster } from '../src/model/resolved.js';
import { renderPlan } from '../src/plan/index.js';
import { routerFiles } from '../src/routers/index.js';
import { comment, objectsYaml, valuesYaml } from '../src/text/yaml.js';
import { BgpControlPlane } from './bgp-control-plane.js';
import { CiliumHelmChart } from './cilium-helm-chart.js';
import { K3sNodeConfig } from './k3s-node-config.js';
import { L2AnnouncementPolicy } from './l2-announcement-policy.js';
import { LoadBalancerPool } from './load-balancer-pool.js';
import { formatPropsDiagnostic } from './prop-checks.js';
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
   * Whether the checks' warnings fail `app.synth()` like errors. Either way they are in `warnings`;
   * the library never prints.
   * @default false
   */
  readonly failOnWarnings?: boolean;
}

/** A chart's id from its output path: `k3s/manifests/cilium.yaml` → `k3s-manifests-cilium`. */
function chartId(path: string): string {
  // Stryker disable next-line Regex: every output path (CLUSTER_FILES) holds ".yaml" once, at its end, so the anchor changes no id
  return path.replace(/\.yaml$/, '').split('/').join('-');
}

/**
 * One k3s + Cilium cluster from its spec. In a cdk8s app, `app.synth()` writes its Kubernetes
 * objects beside the app's own charts (one file per output, see `charts`), and the cluster checks
 * run as cdk8s validations: every error fails the synth with the CLI's message. A cluster with
 * errors renders no objects. The warnings are in `warnings`, for the app to print. `files()` is
 * the complete tree the CLI writes to `<out>/<name>/`, k3s configs, values, kustomization and
 * PLAN.md included; `writeTree(dir, cluster.files())` writes it.
 */
export class K3sCiliumCluster extends Construct {
  /**
   * The cluster file with defaults applied and every derived fact computed (internal: the model may
   * change); undefined when the spec does not have a cluster file's shape (then `diagnostics` says why).
   */
  private readonly cluster?: ResolvedCluster;
  /** Every finding of the checks, warnings included. */
  public readonly diagnostics: readonly Diagnostic[];
  /** The checks' warnings, formatted as the CLI prints them (`<source>: <field path>: …`, or `spec.<field path>: …` without a source). */
  public readonly warnings: readonly string[];
  /** k3s config file per node, in node order (none when the cluster has errors). */
  public readonly nodeConfigs: readonly K3sNodeConfig[];
  /**
   * Charts by output path (relative to the cluster's directory), in the order they are applied;
   * none when the cluster has errors. They are children of this construct, with the output path
   * as id (`manifests/lb-ipam-pools.yaml` → `manifests-lb-ipam-pools`), so cdk8s names their files
   * after the construct path and that id, plus the hash cdk8s gives every chart below the root.
   */
  public readonly charts: ReadonlyMap<string, Chart>;
  private readonly source: string;
  private readonly namedSource?: string;
  private readonly argoCd?: ArgoCdApplicationSettings;

  constructor(scope: Construct, id: string, props: K3sCiliumClusterProps) {
    super(scope, id);
    // The CLI's loader has checked the file's shape; a spec from code is checked here, with the same
    // schema (check 14), before anything reads it: a malformed one is reported at synth, never thrown.
    const shape = props.checked ? [] : clusterShapeDiagnostics(props.spec);
    const cluster = shape.length > 0 ? undefined : props.checked?.cluster ?? resolveCluster(props.spec);
    this.cluster = cluster;
    this.diagnostics = !cluster ? shape : props.checked?.diagnostics ?? checkCluster(cluster);
    this.source = props.source ?? this.node.path;
    this.namedSource = props.source;
    this.argoCd = props.argoCd;
    this.warnings = this.diagnostics.filter((d) => d.severity === 'warning').map((d) => this.format(d));
    // The checks the CLI runs on cluster files fail the cdk8s synth too, with the same messages, all at once.
    const errors = this.diagnostics.filter((d) => d.severity === 'error').map((d) => this.format(d));
    this.node.addValidation({ validate: () => (props.failOnWarnings ? [...errors, ...this.warnings] : errors) });
    const charts = new Map<string, Chart>();
    this.charts = charts;
    // A cluster with errors would render objects the checks refused (or two of one name): none, and synth reports why.
    if (!cluster || errors.length > 0) {
      this.nodeConfigs = [];
      return;
    }
    this.nodeConfigs = cluster.nodes.map((node) => new K3sNodeConfig(this, `k3s-config-${node.name}`, nodeConfigProps(cluster, node)));
    const chart = (path: string) => {
      // No chart namespace: cdk8s would stamp it on cluster-scoped kinds too.
      const c = new Chart(this, chartId(path), { disableResourceNameHashes: true });
      charts.set(path, c);
      return c;
    };
    new CiliumHelmChart(chart(CLUSTER_FILES.ciliumHelmChart), 'cilium', ciliumHelmChartProps(cluster));
    new RpFilterDaemonSet(chart(CLUSTER_FILES.rpFilter), 'rp-filter', rpFilterProps(cluster));
    if (cluster.pools.length > 0) {
      const pools = chart(CLUSTER_FILES.lbIpPools);
      for (const pool of cluster.pools) new LoadBalancerPool(pools, `pool-${pool.name}`, poolProps(pool));
    }
    if (cluster.l2Policies.length > 0) {
      const policies = chart(CLUSTER_FILES.l2Policies);
      for (const policy of cluster.l2Policies) new L2AnnouncementPolicy(policies, `policy-${policy.name}`, l2PolicyProps(policy));
    }
    if (cluster.bgp) new BgpControlPlane(chart(CLUSTER_FILES.bgp), 'bgp', bgpProps(cluster.name, cluster.bgp, cluster.pools));
    for (const [path, c] of charts) if (path.startsWith(`${MANIFESTS_DIR}/`)) addSyncAnnotations(c);
  }

  /** A finding as messages show it: `<source>: <field path>: …`, or `spec.<field path>: …` without a source. */
  private format(d: Diagnostic): string {
    return this.namedSource !== undefined ? formatDiagnostic(this.namedSource, d) : formatPropsDiagnostic(d, 'spec');
  }

  /** The cluster to render; refuses one the checks refused, with their messages (what `app.synth()` reports). */
  private renderable(): ResolvedCluster {
    if (this.cluster && !hasErrors(this.diagnostics)) return this.cluster;
    const errors = this.diagnostics.filter((d) => d.severity === 'error').map((d) => this.format(d));
    throw new Error(`${this.node.path}: the cluster has errors, nothing is rendered:\n  ${errors.join('\n  ')}`);
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
    this.renderable();
    for (const [path, chart] of this.charts) if (path.startsWith(`${MANIFESTS_DIR}/`)) yield [path, chart.toJson()];
  }

  /** Every output of this cluster: path relative to the output directory (`<name>/…`, `argocd/<name>.yaml`) → text, sorted by path. */
  public files(): Map<string, string> {
    const cluster = this.renderable();
    const own = new Map<string, string>();
    own.set(CLUSTER_FILES.plan, renderPlan(cluster, this.source));
    for (const config of this.nodeConfigs) own.set(CLUSTER_FILES.nodeConfig(config.nodeName), config.toYaml());
    // The header is also how a write recognises a cluster directory written before ownership was recorded.
    own.set(CLUSTER_FILES.ciliumValues, `${ciliumValuesHeader(cluster.cilium.version, cluster.name)}\n` + comment(
      `helm upgrade --install cilium cilium --repo https://helm.cilium.io/ --version ${cluster.cilium.version} --namespace kube-system -f values.yaml`,
    ) + valuesYaml(cluster.cilium.values));
    // Stryker disable next-line ConditionalExpression,MethodExpression: manifests() below sets the same text at the manifests/ paths
    for (const [path, chart] of this.charts) if (!path.startsWith(`${MANIFESTS_DIR}/`)) own.set(path, objectsYaml(...chart.toJson()));
    for (const [path, text] of this.manifests()) own.set(path, text);
    for (const [path, text] of routerFiles(cluster)) own.set(path, text);
    const files = new Map<string, string>([...own].map(([path, text]) => [`${cluster.name}/${path}`, text]));
    if (this.argoCd) files.set(applicationFile(cluster.name), argoCdApplicationYaml(this.argoCd, cluster.name));
    return new Map([...files].sort(byName));
  }
}
