/**
 * What a change review is made of: per cluster, the changes between two versions of its cluster
 * file, each with the level a reviewer must treat it at, the PLAN.md steps it makes relevant, and
 * the IP plan before and after. The comparers in this room fill it in; markdown.ts and json.ts word it.
 */
import type { ChecklistStep, ChecklistTopic } from '../plan/checklist.js';

/** `breaking`: running Services or sessions are affected; `restart`: components restart; `safe`: nothing running changes. */
export type ChangeLevel = 'breaking' | 'restart' | 'safe';

export const CHANGE_LEVELS: readonly ChangeLevel[] = ['breaking', 'restart', 'safe'];

export interface Change {
  readonly level: ChangeLevel;
  /** One Markdown sentence, ending with a period. */
  readonly text: string;
  /** Markdown lines under it (the Services affected, what to do). */
  readonly details?: readonly string[];
  /** The checklist steps the change makes worth running. */
  readonly topics: readonly ChecklistTopic[];
  /** Pinned Services whose reservation step is relevant. */
  readonly services?: readonly string[];
}

/** One row of the before → after IP plan of a pool. */
export interface PoolPlanRow {
  readonly pool: string;
  readonly before: string;
  readonly after: string;
  readonly usable: string;
  readonly announced: string;
}

export interface ClusterReview {
  readonly name: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly changes: readonly Change[];
  readonly pools: readonly PoolPlanRow[];
  /** The steps of the new PLAN.md checklist the changes make relevant. */
  readonly checklist: readonly ChecklistStep[];
}

/** Findings that make one side's cluster files unreadable or refused by today's checks: that side is reviewed as far as it can be read. */
export interface SideProblems {
  readonly side: 'base' | 'head';
  /** The findings, one per line, each naming its file. */
  readonly lines: readonly string[];
}

export interface Review {
  /** How the two sides are named (a revision, a directory). */
  readonly base: string;
  readonly head: string;
  readonly clusters: readonly ClusterReview[];
  /** Problems of the base or head files, when they have any. */
  readonly problems?: readonly SideProblems[];
}

/** How many changes of each level a review holds. */
export function countLevels(review: Review): Record<ChangeLevel, number> {
  const counts: Record<ChangeLevel, number> = { breaking: 0, restart: 0, safe: 0 };
  for (const c of review.clusters) for (const change of c.changes) counts[change.level] += 1;
  return counts;
}
