/**
 * The bounds of an input file, applied by src/load/yaml.ts. Generous: a generated 6,000-node, 30,000-pool cluster (26 MB,
 * ~3.2 M values) passes; the fast path reads it in a few hundred MB. The full path (yaml's trees)
 * needs about 1 KB a value, so files it must read are held to the earlier, smaller bounds.
 */
export const YAML_LIMITS = {
  /** Bytes in a file. */
  maxBytes: 32 * 1024 * 1024,
  /** Nesting levels (cluster files have 7). */
  maxDepth: 64,
  /** Characters in one scalar (names are at most 253; a kubelet argument or a path needs a few hundred). */
  maxStringLength: 4096,
  /** Values counted on the token stream (about 1.35 per tree node). */
  maxValues: 4_000_000,
  /** Nodes with every alias expanded: what the schema and the checks walk. Twice the written values at most. */
  maxExpandedNodes: 8_000_000,
  /** Bytes of a file the fast path does not take (yaml's full parser, about 1 KB of memory a value). */
  maxFullParseBytes: 16 * 1024 * 1024,
  /** Values of a file the fast path does not take. */
  maxFullParseValues: 1_500_000,
};

export type YamlLimits = typeof YAML_LIMITS;
