/** The k3s HelmChart that installs Cilium from the server's manifests directory. */
import { Construct } from 'constructs';
import { HelmChart } from '../imports/k3s-helm-chart-helm.cattle.io.js';
import { ciliumValues } from './cilium-values.js';
import type { ResolvedCluster } from './resolved-cluster.js';
import { valuesYaml } from './yaml-text.js';

export const CILIUM_HELM_REPO = 'https://helm.cilium.io/';

export interface CiliumHelmChartProps {
  /** The resolved cluster whose Cilium this installs. */
  readonly cluster: ResolvedCluster;
}

/**
 * `helm.cattle.io/v1` HelmChart for /var/lib/rancher/k3s/server/manifests/. `bootstrap: true`
 * runs the install Job on the host network with the not-ready tolerations: no CNI exists yet.
 */
export class CiliumHelmChart extends Construct {
  /** The HelmChart object. */
  public readonly resource: HelmChart;

  constructor(scope: Construct, id: string, props: CiliumHelmChartProps) {
    super(scope, id);
    this.resource = new HelmChart(this, 'Resource', {
      metadata: { name: 'cilium', namespace: 'kube-system' },
      spec: {
        chart: 'cilium',
        repo: CILIUM_HELM_REPO,
        version: props.cluster.cilium.version,
        targetNamespace: 'kube-system',
        bootstrap: true,
        valuesContent: valuesYaml(ciliumValues(props.cluster)),
      },
    });
  }
}
