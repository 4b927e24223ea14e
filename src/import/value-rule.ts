/** How one chart key is mapped: the rule a chart key path has, and what it needs. */
import type { ChartKnowledge } from './chart.js';
import type { Draft } from './draft.js';
import type { Destination } from './report.js';

/** What the mapping of one value needs. */
export interface ValuesContext {
  readonly draft: Draft;
  readonly chart?: ChartKnowledge;
}

/** Sets the field the value goes to (if any) and says where it went; `all` is every leaf of the merged values. */
export type ValueRule = (value: unknown, ctx: ValuesContext, all: ReadonlyMap<string, unknown>) => Destination;
