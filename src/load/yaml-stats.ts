/**
 * Nesting depth and an upper bound of the number of values of YAML text, counted on yaml's Lexer
 * tokens before any tree exists: both the fast path (src/load/yaml-block.ts) and the full path
 * (src/load/yaml.ts) apply the limits to these counts.
 */
import { CST, Lexer } from 'yaml';

/** Nesting depth and an upper bound of the number of values, counted on yaml's Lexer tokens. */
export class YamlTokenStats {
  depth = 0;
  values = 0;
  private flow = 0;
  /** At the start of a line, or just after a block `-` or `?` on it: the next content opens a level at its column. */
  private opening = true;
  /** The column of the next token while `opening`. */
  private indent = 0;
  private readonly indents: number[] = [];

  /**
   * Block depth is the stack of increasing columns where content starts: a line's, and each one
   * after a compact indicator (`- - x`, `- a: b`, whose mapping is at the column of `a` and holds
   * the lines indented like it); flow depth counts brackets.
   */
  add(token: string, type: string | null = CST.tokenType(token)): void {
    if (type === 'newline') {
      this.opening = true;
      this.indent = 0;
      return;
    }
    if (this.opening && this.flow === 0) {
      // A line's indentation counts once its content starts: a comment line leaves the levels alone.
      if (type === 'space') {
        this.indent += token.length;
        return;
      }
      if (type === 'comment') return;
      const indents = this.indents;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: on an empty stack the last entry is undefined, never >= a column.
      while (indents.length > 0 && indents[indents.length - 1] >= this.indent) indents.pop();
      indents.push(this.indent);
      this.opening = false;
    }
    switch (type) {
      case 'flow-map-start':
      case 'flow-seq-start':
        this.flow++;
        this.values++;
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        this.flow--;
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
        if (this.flow === 0) {
          this.opening = true;
          this.indent += token.length;
        }
        this.values++;
        break;
      // 'scalar' is the marker the Lexer puts before each plain scalar.
      case 'map-value-ind':
      case 'alias':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar-header':
      case 'scalar':
        this.values++;
        break;
    }
    this.depth = Math.max(this.depth, this.indents.length + this.flow);
  }
}

/** The statistics of `text`: a stream of token strings, nothing kept. */
export function yamlStats(text: string): { depth: number; values: number } {
  const stats = new YamlTokenStats();
  for (const token of new Lexer().lex(text)) stats.add(token);
  return { depth: stats.depth, values: stats.values };
}
