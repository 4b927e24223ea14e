/**
 * The bounds of an input file, applied by src/load/yaml.ts. yaml's document tree takes about 1 KB
 * a value, so the bounds keep a file's parse within about 1.5 GB; a real cluster file is far below
 * them (the bench's 500-node, 64-pool, 2,000-reservation cluster is 0.33 MB and ~40,000 values).
 */
export const YAML_LIMITS = {
  /** Bytes in a file. */
  maxBytes: 16 * 1024 * 1024,
  /** Nesting levels (cluster files have 7). */
  maxDepth: 64,
  /** Characters in one scalar (names are at most 253; a kubelet argument or a path needs a few hundred). */
  maxStringLength: 4096,
  /** Values (collections, keys, scalars, aliases) counted on yaml's parser tokens. */
  maxValues: 1_500_000,
  /** Nodes with every alias expanded: what the schema and the checks walk. */
  maxExpandedNodes: 3_000_000,
};

export type YamlLimits = typeof YAML_LIMITS;
