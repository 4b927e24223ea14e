/** The DaemonSet that keeps node rp_filter loose or off, from before Cilium runs until the node goes away. */
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RP_FILTER_NAME } from '../src/model/defaults.js';
import { rpFilterScript } from '../src/text/rp-filter-script.js';

export interface RpFilterDaemonSetProps {
  /** rp_filter for interfaces matching `interfaces`: 0 (off) or 2 (loose). */
  readonly rpFilter: number;
  /** Extended regexes (POSIX ERE, as busybox grep -E reads them) of interface names to set. */
  readonly interfaces: readonly string[];
  /** Seconds between re-checks. */
  readonly intervalSeconds: number;
  /** Container image with a POSIX sh, cat, sleep and grep -E. */
  readonly image: string;
  /** Namespace; kube-system always admits system-node-critical and privileged pods. */
  readonly namespace: string;
}

export class RpFilterDaemonSet extends Construct {
  /** The DaemonSet's name. */
  public static readonly NAME = RP_FILTER_NAME;
  /** The cdk8s-plus DaemonSet. */
  public readonly daemonSet: kplus.DaemonSet;

  constructor(scope: Construct, id: string, props: RpFilterDaemonSetProps) {
    super(scope, id);
    const labels = { 'app.kubernetes.io/name': RpFilterDaemonSet.NAME, 'app.kubernetes.io/part-of': 'k3s-cilium-cdk8s' };
    const script = rpFilterScript({ rpFilter: props.rpFilter, interfaces: props.interfaces, intervalSeconds: props.intervalSeconds });
    // cdk8s-plus defaults (runAsNonRoot, allowPrivilegeEscalation: false, read-only root, 1 CPU requests)
    // would make a privileged sysctl writer invalid or starve small nodes: every one is overridden here.
    const securityContext: kplus.ContainerSecurityContextProps = {
      privileged: true, allowPrivilegeEscalation: true, ensureNonRoot: false, readOnlyRootFilesystem: true,
    };
    const container = (name: string, mode: 'once' | 'watch', memoryLimit: number): kplus.ContainerProps => ({
      name,
      image: props.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      command: ['/bin/sh', '-c', script, 'rp-filter', mode],
      securityContext,
      resources: {
        cpu: { request: kplus.Cpu.millis(1), limit: kplus.Cpu.millis(50) },
        memory: { request: Size.mebibytes(4), limit: Size.mebibytes(memoryLimit) },
      },
    });
    this.daemonSet = new kplus.DaemonSet(this, 'Resource', {
      metadata: { name: RpFilterDaemonSet.NAME, namespace: props.namespace, labels },
      podMetadata: { labels },
      select: false,
      // Host network: /proc/sys/net is then the node's, and the pod needs no CNI (it must run before Cilium).
      hostNetwork: true,
      dns: { policy: kplus.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET },
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: false },
      initContainers: [container('apply', 'once', 16)],
      containers: [container('watch', 'watch', 16)],
    });
    this.daemonSet.select(kplus.LabelSelector.of({ labels }));
    // Tolerate every taint: the node is NotReady (not-ready:NoSchedule) until Cilium runs.
    this.daemonSet.scheduling.tolerate(kplus.Node.tainted(kplus.NodeTaintQuery.any()));
    const resource = ApiObject.of(this.daemonSet);
    // Not modelled by cdk8s-plus-28; patch paths use the TypeScript field names of the L1 class.
    resource.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'system-node-critical'));
    // cdk8s-plus labels pods with a construct-path hash; the selector above does not need it, reviewers do not want it.
    resource.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
  }
}
