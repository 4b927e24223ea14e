/**
 * Check 36: `k3s.extraConfig`. k3s turns each config key into `--key=value` of its subcommand and
 * `k3s agent` exits on a flag it does not define, so every key must be a flag of that role
 * (generated/k3s-flags.ts, from ../shared/k3s/flags.json: k3s release-1.34 and master) present in
 * the pinned k3s release, with a value of its type. Keys the file decides elsewhere are refused
 * with the field to use, and secrets (tokens, S3 keys) are refused: the file is committed to Git.
 */
import { K3S_FLAGS, type K3sFlagInfo } from '../../generated/k3s-flags.js';
import { at, Diagnostic, error, keyPath, warning } from '../model/diagnostics.js';
import { parseGoDuration } from '../model/go-duration.js';
import type { ResolvedCluster } from '../model/resolved.js';
import { nearest } from '../model/nearest.js';

/** Flags the rendered configs set, with the field that decides them. */
const OWNED: Readonly<Record<string, string>> = {
  'cluster-cidr': 'k3s.clusterCidr', 'service-cidr': 'k3s.serviceCidr', 'flannel-backend': 'nothing: it is always none (Cilium is the CNI)',
  'disable-network-policy': 'nothing: it is always true (Cilium enforces policies)', 'disable-kube-proxy': 'nothing: it is always true (Cilium replaces kube-proxy)',
  disable: 'k3s.disable', 'tls-san': 'k3s.tlsSan', 'node-ip': 'nodes[].address', 'node-external-ip': 'nodes[].externalAddress',
  'node-label': 'nodes[].labels', 'node-taint': 'nodes[].taints', 'kubelet-arg': 'nodes[].kubeletArgs', 'token-file': 'k3s.tokenFile',
  'cluster-init': 'k3s.datastore.type (etcd)', server: 'k3s.joinUrl', 'datastore-endpoint': 'k3s.datastore.endpoint',
  'datastore-cafile': 'k3s.datastore.caFile', 'datastore-certfile': 'k3s.datastore.certFile', 'datastore-keyfile': 'k3s.datastore.keyFile',
};

/** Flags whose value is a secret, with where it belongs instead. */
const SECRETS: Readonly<Record<string, string>> = {
  token: 'k3s.tokenFile (a file on each node)', 'agent-token': 'agent-token-file (a file on the servers)',
  'etcd-s3-secret-key': 'etcd-s3-config-secret (a Secret in kube-system)', 'etcd-s3-access-key': 'etcd-s3-config-secret (a Secret in kube-system)',
};

const byName = new Map<string, K3sFlagInfo>(K3S_FLAGS.flatMap((f) => [[f.name, f] as const, ...f.aliases.map((a) => [a, f] as const)]));

function typeProblem(flag: K3sFlagInfo, value: unknown): string | undefined {
  const ok = {
    bool: typeof value === 'boolean',
    int: Number.isInteger(value),
    string: typeof value === 'string',
    duration: typeof value === 'string' && parseGoDuration(value) !== undefined,
    // k3s accepts one string or a list for a slice flag.
    stringSlice: typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string')),
  }[flag.type];
  const want = { bool: 'true or false', int: 'an integer', string: 'a string', duration: 'a Go duration such as "5m0s"', stringSlice: 'a string or a list of strings' }[flag.type];
  return ok ? undefined : `${JSON.stringify(value)} is not ${want} (flag type ${flag.type})`;
}

function roleDiagnostics(cluster: ResolvedCluster, role: 'server' | 'agent'): Diagnostic[] {
  const out: Diagnostic[] = [];
  const base = at('k3s', 'extraConfig', role);
  const caps = cluster.k3s.caps;
  for (const [rawKey, value] of Object.entries(cluster.k3s.extraConfig[role])) {
    const field = keyPath(base, rawKey);
    // `key+:` appends to a list the other config files set (k3s pkg/configfilearg).
    const key = rawKey.endsWith('+') ? rawKey.slice(0, -1) : rawKey;
    const flag = byName.get(key);
    const name = flag?.name ?? key;
    if (Object.hasOwn(SECRETS, name)) {
      out.push(error(field, `${name} is a secret, and this file is committed to Git and rendered into every node's config`, `Use ${SECRETS[name]} instead.`));
      continue;
    }
    if (Object.hasOwn(OWNED, name)) {
      const by = OWNED[name];
      out.push(error(field, `${name} is written from ${by}; extraConfig may only add flags the file has no field for`,
        by.startsWith('nothing') ? 'Remove it.' : `Set ${by} instead.`));
      continue;
    }
    if (!flag) {
      const names = K3S_FLAGS.filter((f) => f[role]).map((f) => f.name);
      const guess = nearest(key, names);
      out.push(error(field, `${key} is not a flag of k3s ${role}, which exits on a config key it does not define`, guess ? `Did you mean ${guess}?` : 'See k3s ' + role + ' --help.'));
      continue;
    }
    if (!flag[role]) {
      // A flag of the other role only (K3S_FLAGS has no flag of neither).
      const other = role === 'server' ? 'agent' : 'server';
      out.push(error(field, `${name} is a flag of k3s ${other} only; k3s ${role} exits on it`, `Move it to k3s.extraConfig.${other}.`));
      continue;
    }
    if (flag.notInK3sV1_34_3 && caps && !caps.hasFlagsAfter1_34_3) {
      out.push(error(field, `${name} is not a flag of k3s ${cluster.k3s.version}, which exits on it`, 'Remove it, or pin a k3s release that has it (k3s.version).'));
      continue;
    }
    if (flag.notInK3sV1_34_3 && !caps) {
      out.push(warning(field, `${name} is newer than k3s v1.34.3; older releases exit on it`, 'Pin k3s.version to a release that has it.'));
    }
    if (flag.deprecated) out.push(warning(field, `${name} is deprecated in k3s`, 'Check the k3s release notes for its replacement.'));
    const problem = typeProblem(flag, value);
    if (problem) out.push(error(field, problem, 'Write the value as k3s expects it in config.yaml.'));
    // pod mode sends the API server's connections to a pod through the agent whose Node's PodCIDR holds it
    // (k3s-io/k3s#5603); the cluster-pool operator hands out ranges of its own.
    else if (name === 'egress-selector-mode' && value === 'pod' && cluster.cilium.ipamMode === 'cluster-pool') {
      out.push(error(field, 'pod mode finds a pod\'s node by the Node\'s PodCIDR, which Cilium\'s cluster-pool IPAM does not use: '
        + 'the API server cannot reach webhooks and aggregated APIs served by pods', 'Use agent (k3s\'s default) or cluster, or cilium.ipamMode: kubernetes.'));
    }
  }
  return out;
}

export function checkK3sExtraConfig(cluster: ResolvedCluster): Diagnostic[] {
  return [...roleDiagnostics(cluster, 'server'), ...roleDiagnostics(cluster, 'agent')];
}
