/**
 * `helm template` of a packaged upstream chart with values as a user's cluster would get them, and
 * the helpers the tests judge its output with.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { sharedDir } from '../../src/conformance/shared-dir.js';
import { upstreamTools } from './binaries.js';
import { runOffline, UpstreamRunError } from './run.js';

/**
 * The Kubernetes version the chart renders for (`Capabilities.KubeVersion`): the oldest k3s the
 * project supports. helm's own default is its client-go minor, which a helm update would shift.
 */
export const K3S_KUBE_VERSION = 'v1.34.3+k3s1';

/** A rendered object. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  // Rendered objects are judged field by field, like parsed YAML in the tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

/** The packaged chart of a held Cilium release (`<shared>/cilium/<release>/chart/cilium-<release>.tgz`). */
export function ciliumChart(release: string): string {
  return join(sharedDir(), 'cilium', release, 'chart', `cilium-${release}.tgz`);
}

/** A `helm template` that failed, with the chart's own reason (`fail`, schema or `required` message). */
export class HelmTemplateError extends Error {
  constructor(readonly reason: string, readonly stderr: string) {
    super(reason);
  }
}

/** The reason of a helm failure without helm's framing: `execution error at (file:line:col): msg` → `msg`, schema errors as listed. */
export function helmFailureReason(stderr: string): string {
  const text = stderr.replace(/\n+Use --debug flag to render out invalid YAML\s*$/, '');
  const execution = /execution error at \(([^)]+)\): (.*)/s.exec(text);
  if (execution) return execution[2].trim();
  return text.replace(/^Error: /, '').trim();
}

export interface HelmTemplateOptions {
  /** A chart .tgz or directory. */
  readonly chart: string;
  /** The values file's text, exactly as a user passes it with `-f`. */
  readonly values: string;
  readonly release?: string;
  readonly namespace?: string;
  readonly kubeVersion?: string;
}

/** Renders the chart with the values; the objects in helm's order. */
export async function helmTemplate(o: HelmTemplateOptions): Promise<{ text: string; objects: K8sObject[] }> {
  const { helm } = await upstreamTools();
  const dir = mkdtempSync(join(tmpdir(), 'k3s-cilium-values-'));
  try {
    const values = join(dir, 'values.yaml');
    writeFileSync(values, o.values);
    const text = await runOffline(helm, [
      'template', o.release ?? 'cilium', o.chart, '--namespace', o.namespace ?? 'kube-system',
      '--kube-version', o.kubeVersion ?? K3S_KUBE_VERSION, '-f', values,
    ]);
    return { text, objects: objectsOf(text) };
  } catch (e) {
    if (e instanceof UpstreamRunError) throw new HelmTemplateError(helmFailureReason(e.stderr), e.stderr);
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The objects of a YAML stream. */
export function objectsOf(text: string): K8sObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as K8sObject | null).filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

/** The chart generates TLS material (genCA, genSignedCert) on every render: blank it so renders compare. */
export function withoutGeneratedCertificates(objects: readonly K8sObject[]): K8sObject[] {
  const generated = ['ca.crt', 'ca.key', 'tls.crt', 'tls.key'];
  return objects.map((o) => {
    if (o.kind !== 'Secret' || !o.data) return o;
    return { ...o, data: Object.fromEntries(Object.entries(o.data as Record<string, string>).map(([k, v]) => [k, generated.includes(k) ? '' : v])) };
  });
}

/** One object by kind and name. */
export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata?.name === name);
}

/** The data of the agent's ConfigMap, `cilium-config`: what the agent and operator read as flags. */
export function ciliumConfig(objects: readonly K8sObject[]): Record<string, string> {
  const cm = find(objects, 'ConfigMap', 'cilium-config');
  if (!cm) throw new Error('the chart rendered no ConfigMap cilium-config');
  return cm.data as Record<string, string>;
}

/** The environment variables (name → value) of a workload's containers and init containers named `container`. */
export function containerEnv(workload: K8sObject, container: string): Record<string, string> {
  const spec = workload.spec?.template?.spec ?? {};
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as { name: string; env?: { name: string; value?: string }[] }[];
  const c = all.find((x) => x.name === container);
  if (!c) throw new Error(`${workload.kind}/${workload.metadata.name} has no container ${container}`);
  return Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}
