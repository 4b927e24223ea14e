/**
 * `importSetup`: the files a running setup already has (Helm values and their wrappers, Cilium
 * resources, k3s config files, Services) → one cluster file, the report of where every value went,
 * and the findings synth reports on the result. Refusals (what import cannot read faithfully) come
 * back as problems, with no cluster file.
 */
import { basename, resolve } from 'node:path';
import { loadClusterText } from '../load/cluster-file.js';
import { SUGGESTED_CILIUM_RELEASE, ciliumCapabilities } from '../model/cilium-versions.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { resolveCluster } from '../model/resolve/cluster.js';
import type { ClusterSpec } from '../model/cluster-spec.js';
import { readBgp, normalizeSelector, type BgpObject } from './bgp.js';
import { chartKnowledge } from './chart.js';
import { inferChartDefaults } from './chart-defaults.js';
import { mapCiliumValues } from './cilium-values.js';
import { DATAPATH_PRUNABLE } from './datapath-values.js';
import { inputFiles, readDocuments, type InputDocument } from './documents.js';
import { deleteField, Draft, getField, isObj, setField } from './draft.js';
import { objectName, wrappedValues, type ValuesSource } from './helm-sources.js';
import { looksLikeK3sConfig, mergeNodeConfigs, type NodeConfig } from './k3s-configs.js';
import { mapK3sConfigs } from './k3s-map.js';
import { readL2Policy, readPool, readService } from './lb-resources.js';
import type { ImportProblem } from './problems.js';
import { scanValue, sopsProblem, type Substitutions } from './refusals.js';
import { ImportReport } from './report.js';
import { readRpFilter } from './rp-filter.js';
import { clusterFileText } from './write.js';

export interface ImportOptions {
  /** The cluster's name. Default: the name of the first directory given, made a DNS label, else `imported`. */
  readonly name?: string;
  /** Node names for k3s config files whose name and folder say none, in order. */
  readonly nodes?: readonly string[];
  /** Flux post-build variables: name → value. */
  readonly set?: ReadonlyMap<string, string>;
  /** The reference data directory (`<dir>/cilium/<release>/chart/values.yaml`): tells misspelt keys and chart defaults. */
  readonly sharedDir?: string;
  /** The path the cluster file will be written to (used in the findings' file names). */
  readonly outFile?: string;
}

export interface ImportResult {
  /** Refusals: when any, nothing else is set and nothing may be written. */
  readonly problems: readonly ImportProblem[];
  readonly report: ImportReport;
  /** The cluster file's text. */
  readonly text?: string;
  readonly spec?: ClusterSpec;
  /** What synth reports on the written file (errors mean the imported setup has mistakes). */
  readonly findings: readonly Diagnostic[];
  /** The merged Cilium values of the input (what `--verify` compares with the rendered values). */
  readonly inputValues: Record<string, unknown>;
  /** Every node's merged k3s config, for `--verify`. */
  readonly nodeConfigs: readonly NodeConfig[];
  /** The Cilium objects read (pools, L2 policies, BGP), for `--verify`. */
  readonly objects: readonly { file: string; o: Record<string, unknown> }[];
}

/** Top-level keys only Cilium's chart has: a plain map with one of them is Cilium values. */
const CILIUM_KEYS = new Set([
  'kubeProxyReplacement', 'k8sServiceHost', 'k8sServicePort', 'ipam', 'routingMode', 'tunnelProtocol', 'tunnel', 'l2announcements', 'bgpControlPlane',
  'ipv4NativeRoutingCIDR', 'ipv6NativeRoutingCIDR', 'autoDirectNodeRoutes', 'bpf', 'loadBalancer', 'devices', 'cni', 'hubble', 'gatewayAPI',
  'k8sClientRateLimit', 'socketLB', 'bandwidthManager', 'enableIPv4Masquerade', 'l2podAnnouncements', 'envoy', 'maglev', 'MTU', 'operator',
]);

/** The kinds import reads besides the BGP ones; others are skipped with a note. */
const READ_KINDS = new Set(['CiliumLoadBalancerIPPool', 'CiliumL2AnnouncementPolicy', 'Service', 'DaemonSet', 'HelmChart', 'HelmChartConfig', 'HelmRelease', 'Application']);

const BGP_KINDS = new Set(['CiliumBGPPeeringPolicy', 'CiliumBGPClusterConfig', 'CiliumBGPPeerConfig', 'CiliumBGPAdvertisement', 'CiliumBGPNodeConfigOverride']);

function dnsLabel(text: string): string | undefined {
  const s = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return s || undefined;
}

/** Fields that may equal what the model derives without them: left out then, so the file says only what differs. */
const PRUNABLE = [
  'cilium.routingMode', 'cilium.ipamMode', 'cilium.tunnelProtocol', 'cilium.ipv4NativeRoutingCIDR', 'cilium.ipv6NativeRoutingCIDR', 'cilium.autoDirectNodeRoutes',
  'cilium.hubble.enabled', 'cilium.hubble.relay', 'cilium.hubble.ui', 'cilium.bandwidthManager', 'cilium.socketLBHostNamespaceOnly', 'cilium.operatorReplicas',
  'k3s.apiServer.port', 'k3s.clusterCidr', 'k3s.serviceCidr', 'loadBalancer.l2.lease.duration', 'loadBalancer.l2.lease.renewDeadline',
  'loadBalancer.l2.lease.retryPeriod', 'loadBalancer.bgp.secretsNamespace', ...DATAPATH_PRUNABLE,
];

/** What a cluster renders that a field can change: the Helm values and every node's k3s config. */
function renderedFacts(draft: Draft): string | undefined {
  try {
    const c = resolveCluster(structuredClone(draft) as unknown as ClusterSpec);
    return JSON.stringify([c.cilium.values, c.nodes.map((n) => n.k3sConfig)]);
  } catch {
    return undefined;
  }
}

function prune(draft: Draft, report: ImportReport): void {
  const before = renderedFacts(draft);
  if (before === undefined) return;
  for (const path of PRUNABLE) {
    const value = getField(draft, path);
    if (value === undefined) continue;
    const trial = structuredClone(draft);
    deleteField(trial, path);
    if (renderedFacts(trial) !== before) continue;
    deleteField(draft, path);
    report.entries.forEach((e, i) => {
      if (e.to.kind === 'field' && e.to.path === path) {
        report.entries[i] = { ...e, to: { kind: 'dropped', reason: `equals what the model renders without ${path} (its default)` } };
      }
    });
  }
}

/** Marks each pool l2, bgp or both from the L2 policies and BGP advertisements that serve its Services. */
function inferAnnounce(draft: Draft, bgpSelectors: readonly (Record<string, unknown> | undefined)[]): void {
  const lb = isObj(draft.loadBalancer) ? draft.loadBalancer : {};
  const pools = (Array.isArray(lb.pools) ? lb.pools : []) as Draft[];
  if (!isObj(lb.bgp)) return;
  const policies = (isObj(lb.l2) && Array.isArray(lb.l2.policies) ? lb.l2.policies : []) as Draft[];
  const same = (a: unknown, b: unknown) => JSON.stringify(normalizeSelector(a) ?? null) === JSON.stringify(normalizeSelector(b) ?? null);
  pools.forEach((pool) => {
    const bgp = bgpSelectors.some((s) => s === undefined || same(s, pool.serviceSelector));
    const l2 = policies.some((p) => p.loadBalancerIPs === true
      && (normalizeSelector(p.serviceSelector) === undefined || same(p.serviceSelector, pool.serviceSelector)));
    const fallback = isObj(lb.l2) ? 'l2' : 'bgp';
    const announce = bgp && l2 ? 'both' : bgp ? 'bgp' : 'l2';
    if (announce !== fallback) pool.announce = announce;
  });
}

/** Classifies each document and collects what the readers need; refusals go to `problems`. */
function classify(documents: readonly InputDocument[], subs: Substitutions, report: ImportReport, problems: ImportProblem[]) {
  const values: ValuesSource[] = [];
  const k3s: InputDocument[] = [];
  const objects: { file: string; o: Record<string, unknown> }[] = [];
  const secrets: BgpObject[] = [];
  for (const doc of documents) {
    const sops = sopsProblem(doc.data, doc.file);
    if (sops) {
      problems.push(sops);
      continue;
    }
    if (!isObj(doc.data)) {
      report.note(`${doc.file}: document ${doc.index + 1} is not a map: skipped.`);
      continue;
    }
    const raw = doc.data;
    if (typeof raw.apiVersion === 'string' && typeof raw.kind === 'string') {
      if (raw.kind === 'Secret') {
        secrets.push({ file: doc.file, o: raw });
        continue;
      }
      const known = READ_KINDS.has(raw.kind) || BGP_KINDS.has(raw.kind);
      if (!known) {
        report.note(`${doc.file}: ${objectName(raw)} is not something import reads: skipped.`);
        continue;
      }
      // The rp-filter script of our own DaemonSet is shell (`${dir##*/}`), not a Flux variable: read as it is.
      const o = raw.kind === 'DaemonSet' ? raw : scanValue(raw, doc.file, '', subs, problems) as Record<string, unknown>;
      const wrapped = wrappedValues(o, doc.file, report, problems);
      if (wrapped) {
        if (wrapped.length === 0) report.note(`${doc.file}: ${objectName(o)} does not install the Cilium chart: skipped.`);
        values.push(...wrapped);
      } else objects.push({ file: doc.file, o });
      continue;
    }
    const data = scanValue(raw, doc.file, '', subs, problems) as Record<string, unknown>;
    if (looksLikeK3sConfig(data, doc.file)) k3s.push({ ...doc, data });
    else if (Object.keys(data).some((k) => CILIUM_KEYS.has(k))) values.push({ file: doc.file, object: 'Helm values', base: '', values: data });
    else report.note(`${doc.file}: neither Cilium values nor a k3s config (no key of either): skipped.`);
  }
  return { values, k3s, objects, secrets };
}

function chooseVersion(values: readonly ValuesSource[], draft: Draft, report: ImportReport): string {
  const pinned = values.filter((v) => v.version !== undefined);
  const versions = [...new Set(pinned.map((v) => v.version!))];
  if (versions.length > 1) report.note(`the input pins Cilium ${versions.join(' and ')}: ${versions[versions.length - 1]} (the last) is used.`);
  const version = versions[versions.length - 1];
  for (const v of pinned) report.field(v.file, v.object, v.object.startsWith('Application') ? 'spec.source.targetRevision' : v.object.startsWith('HelmRelease') ? 'spec.chart.spec.version' : 'spec.version', v.version, 'cilium.version');
  if (version && ciliumCapabilities(version)) {
    setField(draft, 'cilium.version', version);
    return version;
  }
  setField(draft, 'cilium.version', SUGGESTED_CILIUM_RELEASE);
  report.infer('cilium.version', version
    ? `the input pins ${version}, which this product does not support; ${SUGGESTED_CILIUM_RELEASE} is the release it suggests`
    : `no chart version in the input; ${SUGGESTED_CILIUM_RELEASE} is the release this product suggests: write the one you run`);
  return SUGGESTED_CILIUM_RELEASE;
}

/** Reads the inputs and builds the cluster file. */
export function importSetup(paths: readonly string[], options: ImportOptions = {}): ImportResult {
  const report = new ImportReport();
  const empty = { report, findings: [], inputValues: {}, nodeConfigs: [], objects: [] };
  const found = inputFiles(paths);
  const problems: ImportProblem[] = [...found.problems];
  const documents: InputDocument[] = [];
  for (const file of found.files) {
    const read = readDocuments(file);
    problems.push(...read.problems);
    documents.push(...read.documents);
  }
  if (problems.length > 0) return { ...empty, problems };
  const { values, k3s, objects, secrets } = classify(documents, { vars: options.set ?? new Map() }, report, problems);
  if (problems.length > 0) return { ...empty, problems };

  const draft: Draft = {};
  const name = options.name ?? dnsLabel(basename(resolve(paths[0] ?? '.')).replace(/\.ya?ml$/, '')) ?? 'imported';
  draft.name = name;
  if (options.name === undefined) report.infer('name', `from ${paths[0] ?? 'the input'}: pass --name to choose`);
  const version = chooseVersion(values, draft, report);
  const chart = chartKnowledge(version, options.sharedDir);
  if (chart && !chart.hasDefaults) {
    report.note(`no values.yaml of the Cilium ${chart.release} chart at hand (--shared <dir>): values equal to the chart's defaults are kept in cilium.values.`);
  }
  const inputValues = mapCiliumValues(values, { draft, chart }, report);
  if (values.length > 0) inferChartDefaults(inputValues, draft, report);
  setField(draft, 'k3s', { ...(isObj(draft.k3s) ? draft.k3s : {}) });

  const merged = mergeNodeConfigs(k3s, options.nodes ?? []);
  for (const file of merged.unnamed) {
    problems.push({ file, message: 'cannot tell which node this k3s config belongs to (no node-name, and its file and folder names say nothing)', fix: 'Name it with --node <name> (one per such file, in order), or set node-name in it.' });
  }
  if (problems.length > 0) return { ...empty, problems };
  const k3sMapped = mapK3sConfigs(merged.nodes, draft, report);
  draft.nodes = k3sMapped.nodes;

  for (const { file, o } of objects) {
    if (o.kind === 'CiliumLoadBalancerIPPool') readPool(o, file, draft, report);
    else if (o.kind === 'CiliumL2AnnouncementPolicy') readL2Policy(o, file, draft, report);
    else if (o.kind === 'Service') readService(o, file, draft, report);
    else if (o.kind === 'DaemonSet') readRpFilter(o, file, draft, report);
  }
  const bgp = readBgp(objects.filter(({ o }) => BGP_KINDS.has(String(o.kind))), secrets, draft, report);
  if (bgp.problems.length > 0) return { ...empty, problems: bgp.problems };
  inferAnnounce(draft, bgp.facts.serviceSelectors);
  fillRequired(draft, report, options);
  report.note('k3s.version: k3s config files do not say which k3s release runs; set k3s.version so its flags and components are checked against it.');
  prune(draft, report);

  const file = options.outFile ?? `clusters/${name}.yaml`;
  const sources = found.files;
  const firstPass = clusterFileText(draft, report.inferences, sources, [], file);
  const findings = loadClusterText(file, firstPass).diagnostics;
  const text = findings.length > 0 ? clusterFileText(draft, report.inferences, sources, findings, file) : firstPass;
  return { problems: [], report, text, spec: draft as unknown as ClusterSpec, findings, inputValues, nodeConfigs: merged.nodes, objects };
}

/** Fills the fields a cluster file must have when the input does not say them, each marked as inferred. */
function fillRequired(draft: Draft, report: ImportReport, options: ImportOptions): void {
  const k3s = draft.k3s as Draft;
  const nodes = draft.nodes as Draft[];
  const api = isObj(k3s.apiServer) ? k3s.apiServer : undefined;
  if (!api?.host) {
    const agent = nodes.find((n) => n.role === 'agent');
    const firstServerIp = typeof nodes[0]?.address === 'string' ? String(nodes[0].address).split('/')[0] : undefined;
    const host = firstServerIp ?? '127.0.0.1';
    setField(draft, 'k3s.apiServer.host', host);
    report.infer('k3s.apiServer.host', firstServerIp
      ? `no k8sServiceHost in the Cilium values: the first server's node-ip${agent ? ' (agents join a URL of their own; check it is this endpoint)' : ''}`
      : 'no k8sServiceHost in the Cilium values and no node-ip: k3s\'s local API load balancer');
  }
  const host = String(getField(draft, 'k3s.apiServer.host'));
  // The model adds the API host to tls-san itself.
  if (Array.isArray(k3s.tlsSan)) {
    k3s.tlsSan = k3s.tlsSan.filter((s) => s !== host);
    if ((k3s.tlsSan as unknown[]).length === 0) delete k3s.tlsSan;
  }
  if (k3s.tokenFile === undefined) {
    k3s.tokenFile = '/etc/rancher/k3s/token';
    report.infer('k3s.tokenFile', 'no token-file in the k3s configs: put the cluster token in this file on every node (the token never goes into Git)');
  }
  if (nodes.length === 0) {
    const nodeName = options.nodes?.[0] ?? 'server-1';
    nodes.push({ name: nodeName, role: 'server', address: `${host}/24` });
    report.infer('nodes[0]', `no k3s config in the input: one server ${options.nodes?.[0] ? 'named by --node' : 'named server-1'} at the API host, prefix /24 assumed; add your nodes`);
  }
}
