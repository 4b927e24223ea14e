/**
 * `helm template` of a packaged upstream chart with values as a user's cluster would get them, and
 * the helpers the tests judge its output with.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
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

/**
 * The packaged chart of a held Cilium release: `<shared>/cilium/<release>/chart/cilium-<release>.tgz`,
 * else the newer packages of `<shared>/cilium-charts/` (1.18.12, 1.19.6).
 */
export function ciliumChart(release: string): string {
  const held = join(sharedDir(), 'cilium', release, 'chart', `cilium-${release}.tgz`);
  const newer = join(sharedDir(), 'cilium-charts', `cilium-${release}.tgz`);
  return !existsSync(held) && existsSync(newer) ? newer : held;
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

/**
 * A values tree as YAML text the way the project renders cilium/values.yaml (keys sorted), so a
 * probe of the values a cluster file renders is the same render as the chart test of its file
 * (the render cache below keys by text).
 */
export function valuesText(values: unknown): string {
  return stringify(values, { sortMapEntries: true });
}

/** Renders the chart with the values; the objects in helm's order. */
export async function helmTemplate(o: HelmTemplateOptions): Promise<{ text: string; objects: K8sObject[] }> {
  const args = ['template', o.release ?? 'cilium', o.chart, '--namespace', o.namespace ?? 'kube-system', '--kube-version', o.kubeVersion ?? K3S_KUBE_VERSION];
  // A fresh parse of the JSON for every caller: callers may change the objects they get.
  const rendered = JSON.parse(await cachedRender(args, o, () => render(args, o.values))) as Rendered;
  if ('stderr' in rendered) throw new HelmTemplateError(helmFailureReason(rendered.stderr), rendered.stderr);
  return { text: rendered.text, objects: rendered.objects ?? objectsOf(rendered.text) };
}

/**
 * A render as JSON text: helm's output with its objects already parsed (parsing the YAML of a render
 * costs a quarter to a third of the CPU of the render itself, and one render is read by many tests), or
 * the stderr of helm's refusal. `objects` is left out where JSON would not hold them exactly.
 */
type Rendered = { text: string; objects?: K8sObject[] } | { stderr: string };

/** One `helm template` run: its output, or the stderr of helm's refusal (any other failure throws). */
async function render(args: readonly string[], values: string): Promise<string> {
  const { helm } = await upstreamTools();
  const dir = mkdtempSync(join(tmpdir(), 'k3s-cilium-values-'));
  try {
    writeFileSync(join(dir, 'values.yaml'), values);
    const text = await runOffline(helm, [...args, '-f', join(dir, 'values.yaml')]);
    const objects = objectsOf(text);
    return JSON.stringify(jsonExact(objects) ? { text, objects } : { text });
  } catch (e) {
    if (e instanceof UpstreamRunError) return JSON.stringify({ stderr: e.stderr });
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The directory where the test suite keeps the renders of one run (test/global-setup.ts makes a new
 * one per run and removes it after): the same chart and values are rendered by several test files.
 * Unset (as for `npm run value-effects`), every call renders.
 */
export const HELM_RENDER_CACHE_ENV = 'K3S_CILIUM_HELM_RENDER_CACHE';

const inFlight = new Map<string, Promise<string>>();

/**
 * A render kept by the sha256 of everything helm reads (the arguments, the chart archive's bytes, the
 * values text without its leading comments): concurrent calls in one process share one run, a worker
 * that finds another rendering the same waits for its result, and each finished render is written
 * to a unique temp file renamed into place, so workers running test files in parallel never read a
 * partial one.
 */
function cachedRender(args: readonly string[], o: HelmTemplateOptions, run: () => Promise<string>): Promise<string> {
  const dir = process.env[HELM_RENDER_CACHE_ENV];
  if (!dir || !statSync(o.chart, { throwIfNoEntry: false })?.isFile()) return run();
  // Leading comment lines (the rendered values.yaml's header, which names the cluster) are nothing to
  // helm: without them, the same values rendered by several tests are one render.
  const values = o.values.replace(/^(#[^\n]*\n)+/, '');
  const key = createHash('sha256').update(JSON.stringify(args)).update('\0').update(readFileSync(o.chart)).update('\0').update(values).digest('hex');
  const pending = inFlight.get(key);
  if (pending) return pending;
  const file = join(dir, `${key}.json`);
  const result = (async () => {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // One worker renders, the others wait for its file: two test files running at once often ask for
    // the same render. The lock is a file made exclusively; a holder that failed removes it, and then
    // the waiter renders itself.
    const lock = `${file}.lock`;
    let mine = false;
    try {
      closeSync(openSync(lock, 'wx'));
      mine = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (!mine) {
      while (existsSync(lock) && !existsSync(file)) await new Promise((r) => setTimeout(r, 100));
      if (existsSync(file)) return readFileSync(file, 'utf8');
    }
    try {
      const rendered = await run();
      const partial = `${file}.${randomUUID()}.tmp`;
      writeFileSync(partial, rendered);
      renameSync(partial, file);
      return rendered;
    } finally {
      if (mine) rmSync(lock, { force: true });
    }
  })();
  inFlight.set(key, result);
  // Once written (or failed, which is not kept), later calls read the file or render again.
  const done = () => inFlight.delete(key);
  result.then(done, done);
  return result;
}

/** Whether JSON holds `value` exactly: only plain objects, arrays, strings, booleans, null and finite numbers other than -0. */
function jsonExact(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(jsonExact);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(jsonExact);
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
