/**
 * The rp-filter DaemonSet's pod, field by field: the least privilege that can write a net sysctl
 * (uid 0, every capability dropped, no privilege escalation, read-only root, the runtime's seccomp
 * profile), host networking and every toleration (it runs before Cilium, on NotReady nodes), the
 * host's /proc/sys/net mounted where the script writes, and no script at all for unsafe props.
 * test/constructs/rp-filter-least-privilege.test.ts runs the script as this identity.
 */
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { RpFilterDaemonSet, type RpFilterDaemonSetProps } from '../../constructs/rp-filter-daemon-set.js';

const good: RpFilterDaemonSetProps = { rpFilter: 2, interfaces: ['^eth[0-9]+$'], intervalSeconds: 30, image: 'busybox:1.37.0', namespace: 'kube-system' };

function render(props: RpFilterDaemonSetProps = good): any {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  new RpFilterDaemonSet(chart, 'rp', props);
  return chart.toJson()[0];
}

describe('the rp-filter DaemonSet', () => {
  // Rendered inside each test, not once for the file: Stryker then knows which test covers which line
  // (what runs outside a test makes every mutant there "static", tested against the whole run).
  const labels = { 'app.kubernetes.io/name': 'rp-filter', 'app.kubernetes.io/part-of': 'k3s-cilium-cdk8s' };

  it('is named and labelled once, its selector matching its pods', () => {
    const ds = render();
    expect([ds.apiVersion, ds.kind, ds.metadata]).toEqual(['apps/v1', 'DaemonSet', { name: RpFilterDaemonSet.NAME, namespace: 'kube-system', labels }]);
    expect(RpFilterDaemonSet.NAME).toBe('rp-filter');
    expect(ds.spec.selector).toEqual({ matchLabels: labels });
    expect(ds.spec.template.metadata).toEqual({ labels });
  });

  it('runs on the host network of every node, before Cilium, without an API token', () => {
    const pod = render().spec.template.spec;
    expect(pod).toMatchObject({
      hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', automountServiceAccountToken: false,
      priorityClassName: 'system-node-critical', tolerations: [{ operator: 'Exists' }],
      volumes: [{ name: 'host-proc-sys-net', hostPath: { path: '/proc/sys/net', type: 'Directory' } }],
    });
  });

  it('applies once, then watches, each container with the least privilege that writes a net sysctl', () => {
    const pod = render().spec.template.spec;
    expect([...pod.initContainers, ...pod.containers].map((c: any) => [c.name, c.command[0], c.command[1], c.command[3], c.command[4]])).toEqual([
      ['apply', '/bin/sh', '-c', 'rp-filter', 'once'],
      ['watch', '/bin/sh', '-c', 'rp-filter', 'watch'],
    ]);
    for (const c of [...pod.initContainers, ...pod.containers]) {
      expect(c).toMatchObject({ image: 'busybox:1.37.0', imagePullPolicy: 'IfNotPresent' });
      expect(c.securityContext).toEqual({
        runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, privileged: false, allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(c.resources).toEqual({ requests: { cpu: '1m', memory: '4Mi' }, limits: { cpu: '50m', memory: '16Mi' } });
      expect(c.volumeMounts).toEqual([{ name: 'host-proc-sys-net', mountPath: RpFilterDaemonSet.HOST_PROC_SYS_NET, readOnly: false }]);
      expect(c.command[2]).toContain('want=2');
    }
    expect(RpFilterDaemonSet.HOST_PROC_SYS_NET).toBe('/host/proc/sys/net');
  });

  it('keeps no script for props that are not safe to render (and app.synth() refuses them)', () => {
    const ds = new RpFilterDaemonSet(new Chart(Testing.app(), 'test'), 'rp', { ...good, interfaces: ['eth0; reboot\n'] });
    const bad = ds.resource.toJson().spec.template.spec;
    expect([...bad.initContainers, ...bad.containers].map((c: any) => c.command[2])).toEqual(['', '']);
  });
});
