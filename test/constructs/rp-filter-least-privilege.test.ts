/**
 * The rendered rp-filter script, run as exactly the identity its DaemonSet declares, in a real
 * network namespace: `unshare -n -m` with a veth pair (eth0/eth1) at rp_filter 1, the hostPath
 * volume played by a bind mount of /proc/sys/net at the declared mountPath, /proc/sys itself
 * remounted read-only (what the runtime does for an unprivileged container), and the container's
 * identity played by `setpriv` from the rendered securityContext (user, group, capabilities,
 * allowPrivilegeEscalation: false → no_new_privs). The host's own sysctls are never touched.
 *
 * Outside CI, skipped with the reason where a program is missing (test/requirements.ts) or the kernel
 * refuses the namespaces; under CI=true both fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { beforeAll, describe, expect, it } from 'vitest';
import { RpFilterDaemonSet } from '../../constructs/rp-filter-daemon-set.js';
import { docs, HOMELAB, renderFile, tempDir } from '../helpers.js';
import { missingPrograms, skipUnmet } from '../requirements.js';

let refusal: string | undefined;
let dir = '';
let bin = '';

beforeAll(() => {
  refusal = missingPrograms('unshare', 'setpriv', 'ip', 'busybox');
  if (refusal !== undefined) return;
  const probe = spawnSync('unshare', ['-n', '-m', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) refusal = `the kernel refused a network namespace: ${probe.stderr.trim().split('\n')[0]}`;
  dir = tempDir('rp-filter-ns-');
  chmodSync(dir, 0o755); // a non-root uid must reach the applets
  // The image's userland, as far as the script goes: busybox with these applets on PATH.
  bin = join(dir, 'bin');
  mkdirSync(bin);
  const busybox = execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim();
  for (const applet of ['sh', 'cat', 'grep', 'sleep']) symlinkSync(busybox, join(bin, applet));
});

/** The DaemonSet's container as rendered: its script, identity and the host path it mounts. */
interface Rendered { script: string; securityContext: any; mountPath: string; hostPath: string }

function rendered(daemonSet: any): Rendered {
  const pod = daemonSet.spec.template.spec;
  const c = pod.initContainers[0];
  const mount = c.volumeMounts[0];
  const volume = pod.volumes.find((v: any) => v.name === mount.name);
  expect(mount.readOnly).toBe(false);
  return { script: c.command[2], securityContext: c.securityContext, mountPath: mount.mountPath, hostPath: volume.hostPath.path };
}

/** `setpriv` arguments for a container securityContext: what the runtime gives the process. */
function identity(sc: any): string[] {
  expect(sc.privileged).toBe(false);
  const adds: string[] = (sc.capabilities?.add ?? []).map((c: string) => `+${c.toLowerCase()}`);
  expect(sc.capabilities?.drop).toEqual(['ALL']);
  return [
    `--reuid=${sc.runAsUser}`, `--regid=${sc.runAsGroup}`, '--clear-groups',
    // Kubernetes puts added capabilities in the bounding (and inheritable) set, never the ambient one.
    `--inh-caps=-all${adds.map((a) => `,${a}`).join('')}`, '--ambient-caps=-all', `--bounding-set=-all${adds.map((a) => `,${a}`).join('')}`,
    ...(sc.allowPrivilegeEscalation === false ? ['--no-new-privs'] : []),
  ];
}

/** Any non-root user without capabilities. */
const NON_ROOT = identity({ privileged: false, runAsUser: 65534, runAsGroup: 65534, capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false });
/** What Kubernetes gives a non-root container with capabilities.add [NET_ADMIN]. */
const NON_ROOT_NET_ADMIN = identity({
  privileged: false, runAsUser: 65534, runAsGroup: 65534, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] }, allowPrivilegeEscalation: false,
});

interface Run { status: number | null; stdout: string; stderr: string; after: Record<string, string>; caps: string }

/** Runs `script` once as `who` in fresh namespaces set up like the pod; `hostPathMounted: false` leaves only the read-only /proc/sys. */
function runInPod(r: Rendered, who: string[], script: string, hostPathMounted = true): Run {
  const root = join(dir, `pod-${Math.random().toString(36).slice(2)}`);
  const conf = hostPathMounted ? `${root}${r.mountPath}/ipv4/conf` : `${r.hostPath}/ipv4/conf`;
  const setup = [
    'set -eu',
    'ip link add eth0 type veth peer name eth1',
    'for i in all eth0 eth1; do echo 1 > /proc/sys/net/ipv4/conf/$i/rp_filter; done',
    `mkdir -p "${root}${r.mountPath}"`,
    `mount --bind "${r.hostPath}" "${root}${r.mountPath}"`,
    'mount --bind /proc/sys /proc/sys',
    'mount -o remount,bind,ro /proc/sys',
    'set +e',
    `setpriv ${who.join(' ')} -- /usr/bin/env -i PATH=${bin} RP_FILTER_CONF_DIR=${conf} ${bin}/sh -c "$SCRIPT" rp-filter once`,
    'status=$?',
    `setpriv ${who.join(' ')} -- ${bin}/grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs):' /proc/self/status >&2`,
    'for i in all lo eth0 eth1; do echo "AFTER $i $(cat /proc/sys/net/ipv4/conf/$i/rp_filter)" >&2; done',
    'exit $status',
  ].join('\n');
  const p = spawnSync('unshare', ['-n', '-m', '--propagation', 'private', 'sh', '-c', setup], {
    encoding: 'utf8', env: { ...process.env, SCRIPT: script }, timeout: 30_000,
  });
  const after: Record<string, string> = {};
  const caps: string[] = [];
  const stderr: string[] = [];
  for (const line of p.stderr.split('\n')) {
    const m = /^AFTER (\S+) (\d)$/.exec(line);
    if (m) after[m[1]] = m[2];
    else if (/^(Cap|NoNewPrivs)/.test(line)) caps.push(line.replace(/\s+/g, ' '));
    else if (line) stderr.push(line);
  }
  return { status: p.status, stdout: p.stdout, stderr: stderr.join('\n'), after, caps: caps.join('; ') };
}

const homelab = rendered(docs(renderFile(HOMELAB).get('manifests/rp-filter.yaml')!)[0]);
const loose = (() => {
  const chart = Testing.chart();
  const image = `busybox@sha256:${'0'.repeat(64)}`;
  new RpFilterDaemonSet(chart, 'rp', { rpFilter: 2, interfaces: ['^eth[0-9]+$'], intervalSeconds: 30, image, namespace: 'kube-system' });
  return rendered(Testing.synth(chart)[0]);
})();

describe('the rp-filter DaemonSet as rendered, in a network namespace', () => {
  it('sets rp_filter from 1 to the wanted value as its declared identity: uid 0, no capability at all, no_new_privs', (ctx) => {
    skipUnmet(ctx, refusal);
    const r = runInPod(loose, identity(loose.securityContext), loose.script);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.after).toEqual({ all: '0', lo: '0', eth0: '2', eth1: '2' });
    expect(r.stdout).toContain('rp_filter: eth0 was 1, set to 2');
    expect(r.caps).toBe('CapInh: 0000000000000000; CapPrm: 0000000000000000; CapEff: 0000000000000000; CapBnd: 0000000000000000; '
      + 'CapAmb: 0000000000000000; NoNewPrivs: 1');
  });

  it('turns it off on the default cluster\'s uplinks (the homelab fixture, rpFilter 0)', (ctx) => {
    skipUnmet(ctx, refusal);
    const r = runInPod(homelab, identity(homelab.securityContext), homelab.script);
    expect(r.status).toBe(0);
    expect(r.after).toEqual({ all: '0', lo: '0', eth0: '0', eth1: '0' });
  });

  it('is refused as a non-root user without capabilities: a visible failure, nothing changed', (ctx) => {
    skipUnmet(ctx, refusal);
    const r = runInPod(loose, NON_ROOT, loose.script);
    expect(r.status).toBe(1); // the shell ran (not 126/127) and the kernel refused its write
    expect(r.stderr).toMatch(/can't create .*\/all\/rp_filter: Permission denied/);
    expect(r.after).toEqual({ all: '1', lo: '0', eth0: '1', eth1: '1' });
  });

  it('is refused too as non-root with capabilities.add NET_ADMIN: Kubernetes leaves it out of the effective set', (ctx) => {
    skipUnmet(ctx, refusal);
    const r = runInPod(loose, NON_ROOT_NET_ADMIN, loose.script);
    expect(r.caps).toMatch(/CapEff: 0{16}/);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Permission denied/);
  });

  it('needs the hostPath mount: the runtime\'s read-only /proc/sys refuses the write', (ctx) => {
    skipUnmet(ctx, refusal);
    const r = runInPod(loose, identity(loose.securityContext), loose.script, false);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('Read-only file system');
    expect(r.after).toEqual({ all: '1', lo: '0', eth0: '1', eth1: '1' });
  });
});
