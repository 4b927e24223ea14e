/** `npm run validate`: the same checks on trees on disk, with exit codes and readable violations. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { inferK3sRole } from '../../src/conformance/k3s-config.js';
import { inferCiliumVersion } from '../../src/conformance/rendered-cluster.js';
import { valuesKeys } from '../../src/conformance/values-keys.js';
import { runValidate } from '../../src/cli/cmds/validate.js';
import { ROOT } from '../helpers.js';
import { describeWithReference } from './reference.js';

function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runValidate(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describeWithReference('npm run validate', (ref) => {
  test('the committed dist/ passes, judged by the release its HelmChart names', () => {
    const { code, stderr } = run('--shared', ref.dir, join(ROOT, 'dist'));
    for (const name of readdirSync(join(ROOT, 'clusters')).filter((f) => f.endsWith('.yaml'))) {
      const cluster = (parse(readFileSync(join(ROOT, 'clusters', name), 'utf8')) as { name: string; cilium: { version: string } });
      expect(stderr).toContain(`dist/${cluster.name} (Cilium ${cluster.cilium.version}, judged by the `);
    }
    expect(stderr).not.toMatch(/violation/);
    // The Argo CD Applications of the fleet need no Cilium release: checked as plain objects.
    expect(stderr).toMatch(/dist\/argocd: ok/);
    expect(code).toBe(0);
  });

  test('a broken tree exits 1 and names file, object, field and rule', () => {
    const dir = join(ROOT, 'test/fixtures/conformance/broken/core-objects');
    const { code, stderr } = run('--shared', ref.dir, '--cilium-version', '1.20.0', dir);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${join(dir, 'manifests/rp-filter.yaml')}: DaemonSet/rp-filter: spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: `
      + `cannot set allowPrivilegeEscalation to false and privileged to true [API server: privileged implies privilege escalation]`,
    );
    expect(stderr).toMatch(/core-objects \(Cilium 1\.20\.0, judged by the 1\.20\.0 reference data\): 11 violations\n$/);
  });

  test('a tree whose Cilium release cannot be told is a violation, not a guess', () => {
    const { code, stderr } = run('--shared', ref.dir, join(ROOT, 'test/fixtures/conformance/broken/k3s-config'));
    expect(code).toBe(1);
    expect(stderr).toContain('cannot tell which Cilium release this tree installs');
  });

  test('an unsupported release is named with the supported range', () => {
    const { code, stderr } = run('--shared', ref.dir, '--cilium-version', '1.17.3', join(ROOT, 'dist'));
    expect(code).toBe(1);
    expect(stderr).toContain('Cilium 1.17.3 is not supported; supported releases are 1.18.x–1.20.x');
  });
});

test('usage errors exit 2 without a stack trace', () => {
  expect(run('--nope').code).toBe(2);
  const missing = run('--shared', join(ROOT, 'no-such-dir'), 'dist');
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('no reference data there');
});

test('values.yaml keys include documented commented-out keys, not comments that document a real key', () => {
  const keys = valuesKeys([
    '# -- Configure L2 announcements',
    'l2announcements:',
    '  # -- Enable',
    '  enabled: false',
    '  # -- lease',
    '  # leaseDuration: 15s',
    '# -- Node tolerations',
    '# ref: https://kubernetes.io/docs/',
    'tolerations: []',
    '# @schema',
    '# type: [null, string]',
    '# @schema',
    '# -- nested example',
    '# loadBalancer:',
    '#   mode: snat',
    'other: 1',
  ].join('\n'));
  expect([...keys.paths].sort()).toEqual(['l2announcements', 'l2announcements.enabled', 'l2announcements.leaseDuration', 'other', 'tolerations']);
  expect(keys.freeForm.has('tolerations')).toBe(true);
  expect(keys.lines.get('l2announcements.leaseDuration')).toBe(6);
});

test('the role of a k3s config comes from the generator header, else from server-only keys', () => {
  const flags = [
    { name: 'disable', aliases: [], type: 'stringSlice' as const, server: true, agent: false, deprecated: false },
    { name: 'node-ip', aliases: ['i'], type: 'stringSlice' as const, server: true, agent: true, deprecated: false },
  ];
  expect(inferK3sRole('# /etc/rancher/k3s/config.yaml of agent w-1, cluster x.\ndisable: ["a"]\n', flags)).toBe('agent');
  expect(inferK3sRole('disable: ["a"]\n', flags)).toBe('server');
  expect(inferK3sRole('node-ip: ["10.0.0.1"]\n', flags)).toBe('agent');
});

test('the Cilium version of a tree comes from the HelmChart, else from the values header', () => {
  expect(
    inferCiliumVersion(
      new Map([
        ['k3s/manifests/cilium.yaml', 'apiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata: {name: cilium}\nspec: {chart: cilium, version: 1.19.4}\n'],
      ]),
    ),
  ).toBe('1.19.4');
  expect(inferCiliumVersion(new Map([['cilium/values.yaml', '# Cilium 1.18.10 Helm values for cluster x\nfoo: 1\n']]))).toBe('1.18.10');
  expect(inferCiliumVersion(new Map([['manifests/a.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n']]))).toBeUndefined();
});
