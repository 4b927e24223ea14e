/**
 * k3s config files, one per node, with their drop-ins. k3s reads `<config>` and then every `.yaml`
 * / `.yml` file of `<config>.d/` in name order; a later file's key replaces the earlier value, and a
 * key written `key+:` appends to it (a later plain `key:` replaces the accumulated list again).
 * Sources: https://docs.k3s.io/installation/configuration#multiple-config-files and k3s
 * `pkg/configfilearg/parser.go` (digest in ../shared/notes/k3s.md §2).
 */
import { basename, dirname } from 'node:path';
import { isObj } from './draft.js';
import type { InputDocument } from './documents.js';

/** One node's k3s config, merged from its files. */
export interface NodeConfig {
  /** The node's name and where it came from. */
  readonly name: string;
  readonly nameFrom: string;
  /** The main file, or the drop-in directory when there is no main file. */
  readonly file: string;
  /** The files read, in merge order. */
  readonly files: readonly string[];
  /** Key → merged value (lists stay lists; `key+` folded in). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Key → the file that set its final value. */
  readonly origin: Readonly<Record<string, string>>;
}

/** Keys whose presence makes a config a server's (k3s server flags people set that `k3s agent` does not take). */
export const SERVER_ONLY_KEYS = new Set([
  'cluster-init', 'cluster-cidr', 'service-cidr', 'cluster-dns', 'cluster-domain', 'disable', 'tls-san', 'flannel-backend', 'disable-network-policy',
  'disable-kube-proxy', 'disable-cloud-controller', 'disable-helm-controller', 'disable-scheduler', 'disable-apiserver', 'disable-etcd', 'write-kubeconfig-mode',
  'write-kubeconfig', 'datastore-endpoint', 'datastore-cafile', 'datastore-certfile', 'datastore-keyfile', 'kube-apiserver-arg', 'kube-controller-manager-arg',
  'kube-scheduler-arg', 'etcd-arg', 'etcd-expose-metrics', 'etcd-snapshot-schedule-cron', 'etcd-snapshot-retention', 'secrets-encryption', 'embedded-registry',
  'advertise-address', 'advertise-port', 'egress-selector-mode', 'servicelb-namespace', 'default-local-storage-path', 'cluster-reset', 'agent-token',
  'agent-token-file', 'supervisor-metrics', 'helm-job-image', 'node-cidr-mask-size', 'service-node-port-range',
]);

/** Whether a plain map looks like a k3s config: every key a kebab-case flag name (with `+`), at least one with a dash. */
export function looksLikeK3sConfig(data: Record<string, unknown>, file: string): boolean {
  const keys = Object.keys(data);
  if (keys.length === 0) return false;
  const kebab = keys.every((k) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*\+?$/.test(k));
  if (!kebab) return false;
  return /^config\.ya?ml$/.test(basename(file)) || /\.ya?ml\.d$/.test(basename(dirname(file))) || keys.some((k) => k.includes('-'));
}

/** The main config file a drop-in belongs to (`x/config.yaml.d/10-a.yaml` → `x/config.yaml`), or the file itself. */
function mainFileOf(file: string): string {
  const dir = dirname(file);
  return /\.ya?ml\.d$/.test(basename(dir)) ? dir.slice(0, -2) : file;
}

/** Folders that say where k3s keeps its config, not which node it is. */
const NOT_NODE_NAMES = new Set(['k3s', 'rancher', 'etc', 'config', '.', '', '/']);

function nodeNameOf(main: string, config: Record<string, unknown>, fallback: string | undefined): { name?: string; from: string } {
  if (typeof config['node-name'] === 'string') return { name: config['node-name'], from: 'node-name' };
  const file = basename(main).replace(/\.ya?ml$/, '');
  if (file !== 'config') return { name: file, from: `the file name ${basename(main)}` };
  const folder = basename(dirname(main));
  if (!NOT_NODE_NAMES.has(folder)) return { name: folder, from: `the folder name ${folder}/` };
  return fallback ? { name: fallback, from: '--node' } : { from: 'nothing' };
}

/** Merges one file's keys into the accumulated config the way k3s does. */
function mergeInto(config: Record<string, unknown>, origin: Record<string, string>, data: Record<string, unknown>, file: string): void {
  for (const [rawKey, value] of Object.entries(data)) {
    const append = rawKey.endsWith('+');
    const key = append ? rawKey.slice(0, -1) : rawKey;
    const before = config[key];
    if (append && before !== undefined) {
      config[key] = [...(Array.isArray(before) ? before : [before]), ...(Array.isArray(value) ? value : [value])];
    } else {
      config[key] = value;
    }
    origin[key] = file;
  }
}

/**
 * Groups the k3s config documents by node and merges each node's files: the main file first, then
 * its drop-ins in name order. `fallbackNodes` (`--node`) name the nodes whose files say nothing, in order.
 */
export function mergeNodeConfigs(docs: readonly InputDocument[], fallbackNodes: readonly string[]): { nodes: NodeConfig[]; unnamed: string[] } {
  const groups = new Map<string, InputDocument[]>();
  for (const d of docs) {
    const main = mainFileOf(d.file);
    groups.set(main, [...(groups.get(main) ?? []), d]);
  }
  const nodes: NodeConfig[] = [];
  const unnamed: string[] = [];
  let fallback = 0;
  for (const [main, group] of groups) {
    // The main file first, then the drop-ins by file name (os.ReadDir order).
    const rank = (d: InputDocument) => (d.file === main ? '' : `\u0001${basename(d.file)}`);
    const sorted = [...group].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
    const config: Record<string, unknown> = {};
    const origin: Record<string, string> = {};
    for (const d of sorted) if (isObj(d.data)) mergeInto(config, origin, d.data, d.file);
    const named = nodeNameOf(main, config, fallbackNodes[fallback]);
    if (named.from === '--node') fallback++;
    if (!named.name) {
      unnamed.push(main);
      continue;
    }
    nodes.push({ name: named.name, nameFrom: named.from, file: main, files: [...new Set(sorted.map((d) => d.file))], config, origin });
  }
  return { nodes, unnamed };
}

/** A flag value as a list: YAML lists as they are, a string split at commas (k3s's list flags take `a,b`). */
export function flagList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** Whether a node's config is a server's: a server-only key, or no `server` URL to join. */
export function isServerConfig(config: Readonly<Record<string, unknown>>): boolean {
  return Object.keys(config).some((k) => SERVER_ONLY_KEYS.has(k)) || config.server === undefined;
}
