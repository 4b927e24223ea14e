/** The "did you mean" of every message about an unknown name: the schema, k3s flags and components, chart keys. */
import { closest, distance } from 'fastest-levenshtein';

/** The candidate closest to `word`, when it is near enough to be a likely misspelling of it (within a third of its length, at least 2 edits). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const guess = closest(word, candidates as string[]);
  return distance(word, guess) <= Math.max(2, Math.floor(guess.length / 3)) ? guess : undefined;
}
