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
import { firstControlCharacter } from '../src/model/control-characters.js';
import { RP_FILTER_NAME } from '../src/model/defaults.js';
import { isDns1123Label } from '../src/model/names.js';
import { compileRe2, re2OnlySyntax } from '../src/model/regex.js';
import { HOST_PROC_SYS_NET, rpFilterScript } from '../src/text/rp-filter-script.js';

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

/** Why the props cannot render a safe DaemonSet (each problem once), or nothing. */
function propProblems(props: RpFilterDaemonSetProps): string[] {
  const problems: string[] = [];
  if (props.rpFilter !== 0 && props.rpFilter !== 2) problems.push(`rpFilter ${JSON.stringify(props.rpFilter)} is not 0 (off) or 2 (loose)`);
  if (!Number.isInteger(props.intervalSeconds) || props.intervalSeconds < 1 || props.intervalSeconds > 86400) {
    problems.push(`intervalSeconds ${JSON.stringify(props.intervalSeconds)} is not a whole number of seconds from 1 to 86400`);
  }
  if (!Array.isArray(props.interfaces) || props.interfaces.length === 0) problems.push('interfaces must list at least one pattern');
  (Array.isArray(props.interfaces) ? props.interfaces : []).forEach((pattern, i) => {
    const at = `interfaces[${i}]`;
    if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > 256) {
      problems.push(`${at} must be a pattern of 1 to 256 characters`);
    } else if (firstControlCharacter(pattern) >= 0) {
      problems.push(`${at} holds a control character (a newline would split the script's grep pattern)`);
    } else if ('error' in compileRe2(pattern)) {
      problems.push(`${at} ${JSON.stringify(pattern)} is not a valid RE2 regular expression`);
    } else {
      const re2Only = re2OnlySyntax(pattern);
      if (re2Only) {
        problems.push(`${at} ${JSON.stringify(pattern)} uses ${re2Only.found}, which POSIX ERE (busybox grep -E) reads otherwise: use ${re2Only.instead}`);
      }
    }
  });
  if (typeof props.image !== 'string' || props.image.length === 0 || props.image.length > 512
    || firstControlCharacter(props.image) >= 0 || props.image.includes(' ')) {
    problems.push('image must be an image reference without spaces or control characters');
  }
  if (!isDns1123Label(props.namespace)) problems.push(`namespace ${JSON.stringify(props.namespace)} is not a DNS-1123 label`);
  return problems;
}

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

  /** Throws when the props are not safe to render (this construct may be used without the cluster checks). */
  constructor(scope: Construct, id: string, props: RpFilterDaemonSetProps) {
    super(scope, id);
    const problems = propProblems(props);
    if (problems.length > 0) throw new Error(`RpFilterDaemonSet ${this.node.path}: ${problems.join('; ')}`);
    const labels = { 'app.kubernetes.io/name': RpFilterDaemonSet.NAME, 'app.kubernetes.io/part-of': 'k3s-cilium-cdk8s' };
    const script = rpFilterScript({ rpFilter: props.rpFilter, interfaces: props.interfaces, intervalSeconds: props.intervalSeconds });
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
