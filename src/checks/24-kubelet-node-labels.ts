/**
 * Check 24: node labels a kubelet may set on itself. k3s hands `node-label` to the kubelet as
 * `--node-labels`, and the kubelet exits on a key in the kubernetes.io or k8s.io namespaces that is
 * not one of its own (kubernetes.io/hostname, topology.kubernetes.io/zone, node.kubernetes.io/*, …):
 * `node-role.kubernetes.io/worker` stops k3s from starting. The NodeRestriction admission plugin
 * forbids the same labels to a node, so an admin sets them once the node joined.
 */
import { at, Diagnostic, error, keyPath } from '../model/diagnostics.js';
import { KUBELET_ALLOWED_LABEL_NAMESPACES, kubeletRefusesLabel, labelKeyProblem } from '../model/kubernetes-rules.js';
import { k3sNodeLabels } from '../model/k3s.js';
import type { ResolvedCluster } from '../model/resolved.js';

export function checkKubeletNodeLabels(cluster: ResolvedCluster): Diagnostic[] {
  return cluster.nodes.flatMap((node) => Object.entries(node.labels).flatMap(([key, value]) => {
    if (labelKeyProblem(key) || !kubeletRefusesLabel(key)) return [];
    const setByK3s = k3sNodeLabels(node.name, node.role)[key] !== undefined;
    const allowed = `${KUBELET_ALLOWED_LABEL_NAMESPACES.map((d) => `${d}/*`).join(', ')} `
      + 'and the kubelet\'s own (kubernetes.io/hostname, topology.kubernetes.io/zone, …)';
    return [error(keyPath(at('nodes', node.index, 'labels'), key),
      `the kubelet may not set "${key}" on its own Node (k3s passes node-label as --node-labels): kubernetes.io and k8s.io labels are reserved `
      + `except ${allowed}, so the kubelet exits and k3s does not start`,
      setByK3s
        ? `Remove it: k3s sets ${key} on servers itself.`
        : `Remove it here and label the node once it joined: kubectl label node ${node.name} ${key}=${value}`
          + ' (or use a label of your own, e.g. node-role=worker, which the kubelet may set).')];
  }));
}
