/** The k3s HelmChart that installs Cilium from the server's manifests directory. */
import { Construct } from 'constructs';
import { HelmChart } from '../imports/k3s-helm-chart-helm.cattle.io.js';
import { ciliumVersionDiagnostics } from '../src/checks/fields.js';
import { valuesYaml } from '../src/text/yaml.js';
import { validateProps } from './prop-checks.js';

/** Where k3s's helm-controller fetches the Cilium chart. */
export const CILIUM_HELM_REPO = 'https://helm.cilium.io/';

export interface CiliumHelmChartProps {
  /** The Cilium release, which is the chart version: one of the supported releases (README "Supported releases"), checked at synth. */
  readonly version: string;
  /** The chart's Helm values, written as `valuesContent`. */
  readonly values: Readonly<Record<string, unknown>>;
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
    validateProps(this, () => ciliumVersionDiagnostics('version', props.version));
    this.resource = new HelmChart(this, 'Resource', {
      metadata: { name: 'cilium', namespace: 'kube-system' },
      spec: {
        chart: 'cilium',
        repo: CILIUM_HELM_REPO,
        version: props.version,
        targetNamespace: 'kube-system',
        bootstrap: true,
        valuesContent: valuesYaml(props.values),
      },
    });
  }
}
