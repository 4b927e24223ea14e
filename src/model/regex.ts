/**
 * Interface regexes. Cilium is Go, so L2 policy `interfaces` are RE2 (no lookarounds, no
 * backreferences); JavaScript's RegExp would accept patterns Cilium rejects. The rp-filter
 * DaemonSet runs its patterns through busybox `grep -E` (POSIX ERE), so those must also avoid
 * RE2-only syntax, which ERE reads differently or not at all.
 */
import { RE2JS } from 're2js';

/** A pattern compiled as Go's regexp would, or the RE2 parser's complaint. */
export type CompiledRe2 = { readonly re: RE2JS } | { readonly error: string };

/** Patterns compiled so far: every cluster of a fleet compiles the same few again (2 % of its synth). Bounded, for a long-lived process. */
const compiled = new Map<string, CompiledRe2>();

/** The compiled pattern, or the RE2 parser's complaint. Shared between callers: an RE2JS is not changed by matching (each match has its own matcher). */
export function compileRe2(pattern: string): CompiledRe2 {
  let result = compiled.get(pattern);
  if (result) return result;
  try {
    result = { re: RE2JS.compile(pattern) };
  } catch (e) {
    result = { error: (e as Error).message.replace(/^error parsing regexp: /, '') };
  }
  if (compiled.size >= 1000) compiled.clear();
  compiled.set(pattern, Object.freeze(result));
  return result;
}

/** Whether any of the compiled patterns matches the text (invalid ones match nothing). */
export function anyRe2Matches(patterns: readonly CompiledRe2[], text: string): boolean {
  return patterns.some((p) => 're' in p && re2Matches(p.re, text));
}

/**
 * `anyRe2Matches(patterns, name)` for many names, each distinct name matched once: the nodes of a
 * large cluster share a few interface names, and re2js's matcher was a twentieth of its synth.
 */
export function re2NameFilter(patterns: readonly CompiledRe2[]): (name: string) => boolean {
  const matched = new Map<string, boolean>();
  return (name) => {
    let result = matched.get(name);
    if (result === undefined) {
      result = anyRe2Matches(patterns, name);
      matched.set(name, result);
    }
    return result;
  };
}

/** Go's `regexp.MatchString`: unanchored. */
export function re2Matches(re: RE2JS, text: string): boolean {
  return re.matcher(text).find();
}

const ERE_ESCAPES: ReadonlyMap<string, string> = new Map(Object.entries({
  d: '[0-9]', D: '[^0-9]', w: '[A-Za-z0-9_]', W: '[^A-Za-z0-9_]', s: '[[:space:]]', S: '[^[:space:]]',
  b: '^ and $ around the name', B: 'a bracket expression', A: '^', z: '$', p: 'a bracket expression', P: 'a bracket expression',
}));
const ERE_SPECIAL = new Set('.[]()*+?{}|^$\\'.split(''));

/** The first RE2-only construct in a pattern, with its ERE replacement; undefined when the pattern is plain ERE. */
export function re2OnlySyntax(pattern: string): { found: string; instead: string } | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '[') {
      // Inside a bracket expression ERE takes a backslash literally; RE2 treats it as an escape.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      for (; j < pattern.length && pattern[j] !== ']'; j++) {
        if (pattern.startsWith('[:', j)) { const end = pattern.indexOf(':]', j + 2); if (end > 0) j = end + 1; continue; }
        if (pattern[j] === '\\') {
          return { found: pattern.slice(j, j + 2), instead: 'no backslash inside [...] (ERE reads it literally), e.g. [0-9] or [[:space:]]' };
        }
      }
      i = j;
    } else if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!ERE_SPECIAL.has(next)) return { found: `\\${next}`, instead: ERE_ESCAPES.get(next) ?? `the character itself or a bracket expression` };
      i++;
    } else if (c === '(' && pattern[i + 1] === '?') {
      return { found: pattern.slice(i, i + 3), instead: 'a plain group ( ) without flags; write both cases in a bracket expression, e.g. [Ee]th' };
    } else if ('*+?}'.includes(c) && pattern[i + 1] === '?') {
      return { found: `${c}?`, instead: `${c} (ERE has no non-greedy quantifiers; for a name match greediness does not matter)` };
    }
  }
  return undefined;
}
