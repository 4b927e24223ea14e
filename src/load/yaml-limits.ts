/**
 * The bounds of an input file, applied by src/load/yaml.ts. yaml's parser tokens and document tree
 * take several hundred bytes a value: the value bound keeps a render on the Argo CD plugin's path
 * within the sidecar's memory limit (argocd/repo-server-patch.yaml), with room for about ten
 * times the bench's 500-node, 64-pool, 2,000-reservation cluster (0.33 MB of YAML).
 */
export const YAML_LIMITS = {
  /** Bytes in a file. */
  maxBytes: 16 * 1024 * 1024,
  /** Nesting levels (cluster files have 7). */
  maxDepth: 64,
  /** Characters in one scalar (names are at most 253; a kubelet argument or a path needs a few hundred). */
  maxStringLength: 4096,
  /** Values (collections, keys, scalars, aliases) counted on yaml's parser tokens. */
  maxValues: 500_000,
  /** Nodes with every alias expanded: what the schema and the checks walk. */
  maxExpandedNodes: 1_000_000,
};

export type YamlLimits = typeof YAML_LIMITS;
