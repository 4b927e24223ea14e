/**
 * The DaemonSet that keeps node rp_filter loose or off, from before Cilium runs until the node goes
 * away, with the least privilege that can write a net sysctl.
 *
 * The kernel's rule (fs/proc/proc_sysctl.c, net/sysctl_net.c): a net sysctl file (mode 0644) is
 * writable by euid 0, or by a holder of CAP_NET_ADMIN in the user namespace owning the network
 * namespace; no capability is checked for uid 0 (not even CAP_DAC_OVERRIDE). Kubernetes gives a
 * non-root container no ambient capabilities, so an added NET_ADMIN never becomes effective after
 * exec: a non-root writer is impossible. Hence uid 0 with every capability dropped, no privilege
 * escalation (no_new_privs), a read-only root filesystem and the runtime's default seccomp profile.
 * The runtime mounts /proc/sys read-only in an unprivileged container, so the host's /proc/sys/net
 * is mounted read-write at /host/proc/sys/net (hostPath), where the script writes; with host
 * networking it shows the node's interfaces. test/constructs/rp-filter-least-privilege.test.ts runs
 * the rendered script as exactly this identity in a network namespace.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IContainer } from 'kubernetes-models/v1/Container';
import {
  imageReferenceDiagnostics, intervalSecondsDiagnostics, namespaceLabelDiagnostics, patternTextDiagnostics, rpFilterModeDiagnostics,
  rpFilterPatternDiagnostics,
} from '../src/checks/fields.js';
import { RP_FILTER_NAME } from '../src/model/defaults.js';
import { type Diagnostic, error, fieldPath } from '../src/model/diagnostics.js';
import { HOST_PROC_SYS_NET, rpFilterScript } from '../src/text/rp-filter-script.js';
import { validateProps } from './prop-checks.js';

export interface RpFilterDaemonSetProps {
  /** rp_filter for interfaces matching `interfaces`: 0 (off) or 2 (loose). */
  readonly rpFilter: number;
  /** Extended regexes of interface names to set: each valid RE2 and plain POSIX ERE (busybox grep -E reads them), no control characters. */
  readonly interfaces: readonly string[];
  /** Seconds between re-checks, a whole number from 1 to 86400. */
  readonly intervalSeconds: number;
  /** Container image with a POSIX sh, cat, sleep and grep -E; pin it by digest (`name:tag@sha256:…`). */
  readonly image: string;
  /** Namespace; kube-system always admits system-node-critical, host-network and hostPath pods. */
  readonly namespace: string;
}

/** Why the props cannot render a safe DaemonSet, in the words a cluster file's `sysctls` get. */
function propDiagnostics(props: RpFilterDaemonSetProps): Diagnostic[] {
  const out = [...rpFilterModeDiagnostics('rpFilter', props.rpFilter), ...intervalSecondsDiagnostics('intervalSeconds', props.intervalSeconds)];
  if (!Array.isArray(props.interfaces) || props.interfaces.length === 0) {
    out.push(error('interfaces', 'lists no pattern', 'List at least one pattern of the interfaces to set, e.g. ^eth[0-9]+.'));
  }
  // Stryker disable next-line ArrayDeclaration: the mutant's one pattern ("Stryker was here") passes every check, as no pattern does
  (Array.isArray(props.interfaces) ? props.interfaces : []).forEach((pattern, i) => {
    const text = patternTextDiagnostics(fieldPath('interfaces', i), pattern);
    out.push(...(text.length > 0 ? text : rpFilterPatternDiagnostics(fieldPath('interfaces', i), pattern)));
  });
  out.push(...imageReferenceDiagnostics('image', props.image), ...namespaceLabelDiagnostics('namespace', props.namespace));
  return out;
}

/**
 * The `apps/v1` DaemonSet that sets rp_filter on matching interfaces of every node, before Cilium
 * runs and whenever an interface appears. Used alone, its props are checked at synth with the
 * words a cluster file's `sysctls` get (they become a shell script).
 */
export class RpFilterDaemonSet extends Construct {
  /** The DaemonSet's name. */
  public static readonly NAME = RP_FILTER_NAME;
  /** Where the host's /proc/sys/net is mounted in the containers. */
  public static readonly HOST_PROC_SYS_NET = HOST_PROC_SYS_NET;
  /**
   * The DaemonSet object (`apps/v1`), a plain cdk8s ApiObject: its fields are the YAML's, so
   * `resource.addJsonPatch(JsonPatch.add('/spec/template/spec/nodeSelector', …))` takes YAML paths.
   */
  public readonly resource: ApiObject;

  /** Props that are not safe to render fail `app.synth()` (each problem named); the script is then never rendered. */
  constructor(scope: Construct, id: string, props: RpFilterDaemonSetProps) {
    super(scope, id);
    const problems = propDiagnostics(props);
    validateProps(this, () => problems);
    const labels = { 'app.kubernetes.io/name': RpFilterDaemonSet.NAME, 'app.kubernetes.io/part-of': 'k3s-cilium-cdk8s' };
    // Unsafe props would put arbitrary text into a shell script: the object keeps no script, and the validation fails the synth.
    const script = problems.length > 0 ? '' : rpFilterScript({ rpFilter: props.rpFilter, interfaces: props.interfaces, intervalSeconds: props.intervalSeconds });
    const volume = 'host-proc-sys-net';
    const container = (name: string, mode: 'once' | 'watch'): IContainer => ({
      name,
      image: props.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/sh', '-c', script, 'rp-filter', mode],
      securityContext: {
        runAsUser: 0,
        runAsGroup: 0,
        runAsNonRoot: false,
        privileged: false,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      resources: { requests: { cpu: '1m', memory: '4Mi' }, limits: { cpu: '50m', memory: '16Mi' } },
      volumeMounts: [{ name: volume, mountPath: HOST_PROC_SYS_NET, readOnly: false }],
    });
    const daemonSet: IDaemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: RpFilterDaemonSet.NAME, namespace: props.namespace, labels },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            // Host network: /proc/sys/net is then the node's, and the pod needs no CNI (it must run before Cilium).
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            automountServiceAccountToken: false,
            priorityClassName: 'system-node-critical',
            // Tolerate every taint: the node is NotReady (not-ready:NoSchedule) until Cilium runs.
            tolerations: [{ operator: 'Exists' }],
            initContainers: [container('apply', 'once')],
            containers: [container('watch', 'watch')],
            volumes: [{ name: volume, hostPath: { path: '/proc/sys/net', type: 'Directory' } }],
          },
        },
      },
    };
    const { apiVersion, kind, metadata, ...rest } = daemonSet;
    this.resource = new ApiObject(this, 'Resource', { apiVersion, kind, metadata, ...rest });
  }
}
