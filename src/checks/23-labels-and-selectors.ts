/**
 * Check 23: labels, taints and selectors are what the Kubernetes API machinery accepts. Label keys
 * are `[prefix/]name` (a DNS subdomain prefix, a name of at most 63 characters), values at most 63
 * characters of the label alphabet, alphanumeric at both ends; `In`/`NotIn` need values and
 * `Exists`/`DoesNotExist` take none. Otherwise the kubelet refuses the node's labels or taints and
 * k3s does not start, the API server refuses the Cilium object, or Cilium cannot parse its selector.
 */
import type { LabelSelector } from '../model/cluster-spec.js';
import { at, Diagnostic, error, keyPath } from '../model/diagnostics.js';
import { labelKeyProblem, labelValueProblem, labelValueSuggestion, selectorRequirementProblem } from '../model/kubernetes-rules.js';
import type { ResolvedCluster } from '../model/resolved.js';

function keyFix(key: string): string {
  const name = labelValueSuggestion(key.split('/').at(-1) ?? '') || 'tier';
  return `Write a key such as "${name}" or "example.com/${name}".`;
}

function valueFix(value: string): string {
  const suggestion = labelValueSuggestion(value);
  return suggestion ? `Write e.g. "${suggestion}".` : 'Write a value of letters and digits, or an empty string.';
}

/** Findings for a map of labels; `consequence` says what upstream does with a bad one. */
function labelMapDiagnostics(labels: Record<string, string> | undefined, path: string, what: string, consequence: string): Diagnostic[] {
  return Object.entries(labels ?? {}).flatMap(([key, value]) => {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) return [error(path, `${what} key ${JSON.stringify(key)} is invalid: ${keyProblem}; ${consequence}`, keyFix(key))];
    const valueProblem = labelValueProblem(String(value));
    return valueProblem
      ? [error(keyPath(path, key), `${JSON.stringify(value)} is not a valid label value: ${valueProblem}; ${consequence}`, valueFix(String(value)))]
      : [];
  });
}

/** Findings for a label selector at `path`. */
function selectorDiagnostics(selector: LabelSelector | undefined, path: string, object: string): Diagnostic[] {
  if (!selector) return [];
  const consequence = `the API server or Cilium refuses the selector of ${object}`;
  const out = labelMapDiagnostics(selector.matchLabels, `${path}.matchLabels`, 'matchLabels', consequence);
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const reqPath = `${path}.matchExpressions[${i}]`;
    const keyProblem = labelKeyProblem(req.key);
    if (keyProblem) out.push(error(`${reqPath}.key`, `${JSON.stringify(req.key)} is not a valid label key: ${keyProblem}; ${consequence}`, keyFix(req.key)));
    const operatorProblem = selectorRequirementProblem(req.operator, req.values);
    if (operatorProblem) {
      const wantsValues = req.operator === 'In' || req.operator === 'NotIn';
      out.push(error(`${reqPath}.values`, `${operatorProblem}; ${consequence}`, wantsValues
        ? `List the values, or use ${req.operator === 'In' ? 'Exists' : 'DoesNotExist'} to match the key with any value.`
        : `Remove values, or use ${req.operator === 'Exists' ? 'In' : 'NotIn'} to match them.`));
    }
    (req.values ?? []).forEach((value, j) => {
      const problem = labelValueProblem(String(value));
      if (!problem) return;
      out.push(error(`${reqPath}.values[${j}]`, `${JSON.stringify(value)} is not a valid label value: ${problem}; ${consequence}`, valueFix(String(value))));
    });
  });
  return out;
}

/** `key[=value]:Effect`: the key is a label key and the value a label value, as the kubelet's --register-with-taints parses them. */
function taintDiagnostics(taint: string, path: string): Diagnostic[] {
  const m = /^([^=:]*)(?:=([^:]*))?:([A-Za-z]+)$/.exec(taint);
  if (!m) return [];
  const consequence = 'the kubelet refuses the taint and k3s does not start';
  const keyProblem = labelKeyProblem(m[1]);
  if (keyProblem) return [error(path, `taint key ${JSON.stringify(m[1])} is invalid: ${keyProblem}; ${consequence}`, keyFix(m[1]))];
  const valueProblem = m[2] === undefined ? undefined : labelValueProblem(m[2]);
  return valueProblem ? [error(path, `taint value ${JSON.stringify(m[2])} is invalid: ${valueProblem}; ${consequence}`, valueFix(m[2]!))] : [];
}

export function checkLabelsAndSelectors(cluster: ResolvedCluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const node of cluster.nodes) {
    out.push(...labelMapDiagnostics(node.spec.labels, at('nodes', node.index, 'labels'), 'node label',
      'the kubelet refuses --node-labels with it and k3s does not start'));
    node.taints.forEach((t, j) => out.push(...taintDiagnostics(String(t), at('nodes', node.index, 'taints', j))));
  }
  for (const pool of cluster.pools) {
    out.push(...selectorDiagnostics(pool.serviceSelector, at('loadBalancer', 'pools', pool.index, 'serviceSelector'),
      `CiliumLoadBalancerIPPool "${pool.name}"`));
  }
  for (const policy of cluster.l2Policies) {
    const object = `CiliumL2AnnouncementPolicy "${policy.name}"`;
    out.push(...selectorDiagnostics(policy.nodeSelector, at('loadBalancer', 'l2', 'policies', policy.index, 'nodeSelector'), object));
    out.push(...selectorDiagnostics(policy.serviceSelector, at('loadBalancer', 'l2', 'policies', policy.index, 'serviceSelector'), object));
  }
  if (cluster.bgp) {
    out.push(...selectorDiagnostics(cluster.bgp.nodeSelector, at('loadBalancer', 'bgp', 'nodeSelector'), `CiliumBGPClusterConfig "${cluster.name}"`));
  }
  for (const r of cluster.reservations) {
    out.push(...labelMapDiagnostics(r.spec.labels, at('loadBalancer', 'reservations', r.index, 'labels'), 'Service label',
      `the API server refuses Service ${r.service} with it`));
  }
  return out;
}
