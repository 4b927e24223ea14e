/**
 * Every check on one rendered cluster tree (`dist/<name>/`): k3s configs, Cilium values, the
 * HelmChart, custom resources and built-in objects, each judged by the reference data of the
 * Cilium release the tree installs.
 */
import { parseAllDocuments, parseDocument } from 'yaml';
import { ciliumCapabilities, SUPPORTED_CILIUM_RANGE } from '../model/cilium-versions.js';
import { coreObjectViolations } from './core-objects.js';
import { customResourceViolations, objectName } from './custom-resources.js';
import { helmValuesViolations } from './helm-values.js';
import { inferK3sRole, k3sConfigViolations } from './k3s-config.js';
import { KUSTOMIZE_API_VERSIONS, kustomizationViolations } from './kustomization.js';
import type { ReferenceData } from './reference-data.js';
import type { Violation } from './violation.js';

/** Result of checking one rendered cluster. */
export interface RenderedClusterCheck {
  /** The Cilium version the tree installs (given or inferred); undefined when unknown. */
  ciliumVersion?: string;
  /** The release whose reference data judged it. */
  release?: string;
  violations: Violation[];
}

const K3S_CONFIG = /(^|\/)k3s\/config\/[^/]+\.ya?ml$/;
const CILIUM_VALUES = /(^|\/)cilium\/values\.ya?ml$/;
const VALUES_HEADER = /^# Cilium ([0-9]+\.[0-9]+\.[0-9]+) Helm values/m;

/** Helm and kubectl read YAML with sigs.k8s.io/yaml (YAML 1.1): parse the same way. */
function yamlDocuments(text: string): { value: unknown; error?: string }[] {
  return parseAllDocuments(text, { version: '1.1' }).map((d) => ({ value: d.toJS(), error: d.errors[0]?.message.split('\n')[0] }))
    .filter((d) => d.value !== null || d.error);
}

function isCiliumHelmChart(obj: any): boolean {
  return obj?.apiVersion?.startsWith('helm.cattle.io/') && obj?.kind === 'HelmChart' && obj?.spec?.chart === 'cilium';
}

/** The Cilium version of a rendered tree: the HelmChart's `spec.version`, else the values.yaml header. */
export function inferCiliumVersion(files: ReadonlyMap<string, string>): string | undefined {
  for (const [path, text] of files) {
    if (!/\.ya?ml$/.test(path) || K3S_CONFIG.test(path) || CILIUM_VALUES.test(path)) continue;
    const chart = yamlDocuments(text).map((d) => d.value).find(isCiliumHelmChart) as any;
    if (chart?.spec?.version !== undefined) return String(chart.spec.version);
  }
  for (const [path, text] of files) if (CILIUM_VALUES.test(path)) return VALUES_HEADER.exec(text)?.[1];
  return undefined;
}

/** Checks one rendered cluster: `files` maps paths relative to the cluster directory to their text. */
export function checkRenderedCluster(files: ReadonlyMap<string, string>, ref: ReferenceData, options: { ciliumVersion?: string } = {}): RenderedClusterCheck {
  const whole = (message: string, rule: string): Violation => ({ file: '', object: '', field: '', rule, message });
  const ciliumVersion = options.ciliumVersion ?? inferCiliumVersion(files);
  if (!ciliumVersion) {
    return {
      violations: [
        whole(
          'cannot tell which Cilium release this tree installs (no HelmChart spec.version, no values.yaml header); pass --cilium-version',
          'Cilium version',
        ),
      ],
    };
  }
  if (!ciliumCapabilities(ciliumVersion)) {
    return {
      ciliumVersion,
      violations: [whole(`Cilium ${ciliumVersion} is not supported; supported releases are ${SUPPORTED_CILIUM_RANGE}`, 'supported Cilium releases')],
    };
  }
  const release = ref.releaseFor(ciliumVersion);
  if (!release) {
    return { ciliumVersion, violations: [whole(`no reference data for Cilium ${ciliumVersion} in ${ref.dir}/cilium/`, 'reference data')] };
  }
  const ciliumCrds = ref.ciliumCrds(release);
  const helmCrds = ref.helmControllerCrds();
  const chartValues = ref.chartValues(release);
  const flags = ref.k3sFlags();

  const violations: Violation[] = [];
  const paths = [...files.keys()].filter((p) => /\.ya?ml$/.test(p)).sort();
  for (const file of paths) {
    const text = files.get(file)!;
    if (K3S_CONFIG.test(file)) {
      violations.push(...k3sConfigViolations(text, inferK3sRole(text, flags), flags, file));
      continue;
    }
    if (CILIUM_VALUES.test(file)) {
      const doc = parseDocument(text, { version: '1.1' });
      if (doc.errors.length > 0) violations.push({ file, object: '', field: '', rule: 'YAML 1.1', message: doc.errors[0].message.split('\n')[0] });
      else violations.push(...helmValuesViolations(doc.toJS(), chartValues, { file, object: '' }));
      continue;
    }
    violations.push(...objectsIn(file, text, (obj) => {
      const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
      if (KUSTOMIZE_API_VERSIONS.includes(obj.apiVersion)) return kustomizationViolations(obj, file, paths);
      if (helmCrds.hasGroup(group)) {
        return [
          ...customResourceViolations(obj, helmCrds, { file, source: 'k3s helm-controller CRD' }),
          ...(isCiliumHelmChart(obj) ? ciliumHelmChartViolations(obj, ciliumVersion, chartValues, file) : []),
        ];
      }
      if (ciliumCrds.hasGroup(group)) return customResourceViolations(obj, ciliumCrds, { file, source: `Cilium ${release} CRD` });
      return plainObjectViolations(obj, file);
    }));
  }
  return { ciliumVersion, release, violations };
}

/** A built-in or Argo CD object; an object of any other kind cannot be verified, which is a violation too. */
function plainObjectViolations(obj: Record<string, any>, file: string): Violation[] {
  return (
    coreObjectViolations(obj, file) ?? [
      {
        file,
        object: objectName(obj),
        field: 'apiVersion',
        rule: 'known schemas',
        message: `no schema is known for ${obj.apiVersion} ${obj.kind}, so it cannot be verified`,
      },
    ]
  );
}

/**
 * YAML files outside any rendered cluster (e.g. `dist/argocd/`): Kubernetes objects that need no
 * Cilium release to judge them (built-in kinds, Argo CD Applications).
 */
export function checkManifestFiles(files: ReadonlyMap<string, string>): Violation[] {
  return [...files.keys()]
    .filter((p) => /\.ya?ml$/.test(p))
    .sort()
    .flatMap((file) => objectsIn(file, files.get(file)!, (obj) => plainObjectViolations(obj, file)));
}

/** Runs `check` on every Kubernetes object of a multi-document file; documents that are not objects are violations. */
function objectsIn(file: string, text: string, check: (obj: Record<string, any>) => Violation[]): Violation[] {
  return yamlDocuments(text).flatMap(({ value, error }) => {
    const obj = value as Record<string, any>;
    if (error) return [{ file, object: '', field: '', rule: 'YAML 1.1', message: error }];
    if (!obj || typeof obj !== 'object' || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      return [{ file, object: '', field: '', rule: 'Kubernetes object', message: 'a manifest document must be an object with apiVersion and kind' }];
    }
    return check(obj);
  });
}

/** The Cilium HelmChart's values (`valuesContent`, and `values` if used) against the chart. */
function ciliumHelmChartViolations(obj: any, ciliumVersion: string, chartValues: Parameters<typeof helmValuesViolations>[1], file: string): Violation[] {
  const object = objectName(obj);
  const out: Violation[] = [];
  if (String(obj.spec.version) !== ciliumVersion) {
    out.push({
      file,
      object,
      field: 'spec.version',
      rule: 'Cilium version',
      message: `the chart version ${obj.spec.version} is not the checked release ${ciliumVersion}`,
    });
  }
  if (typeof obj.spec.valuesContent === 'string') {
    const doc = parseDocument(obj.spec.valuesContent, { version: '1.1' });
    if (doc.errors.length > 0) out.push({ file, object, field: 'spec.valuesContent', rule: 'YAML 1.1', message: doc.errors[0].message.split('\n')[0] });
    else out.push(...helmValuesViolations(doc.toJS() ?? {}, chartValues, { file, object, base: 'spec.valuesContent' }));
  }
  if (obj.spec.values !== undefined) out.push(...helmValuesViolations(obj.spec.values, chartValues, { file, object, base: 'spec.values' }));
  return out;
}
