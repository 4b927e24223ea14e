/** The review as Markdown, for a pull-request comment: what matters first. */
import { renderSteps } from '../plan/checklist.js';
import { markdownTable } from '../text/markdown.js';
import { CHANGE_LEVELS, ChangeLevel, ClusterReview, countLevels, Review } from './review.js';
import { codeSpan as code } from '../text/markdown.js';

const HEADINGS: Record<ChangeLevel, string> = {
  breaking: 'Breaking: running Services, announcements or sessions are affected',
  restart: 'Restart: components restart or must be restarted',
  safe: 'Safe',
};

function clusterSection(c: ClusterReview): string[] {
  const out = [`### ${c.name} (${c.status})`];
  for (const level of CHANGE_LEVELS) {
    const changes = c.changes.filter((x) => x.level === level);
    if (changes.length === 0) continue;
    out.push(`**${HEADINGS[level]}**`, changes.map((x) => [`- ${x.text}`, ...(x.details ?? []).map((d) => `  - ${d}`)].join('\n')).join('\n'));
  }
  if (c.pools.length > 0) {
    out.push(markdownTable(['pool', 'before', 'after', 'usable', 'announced'], c.pools.map((r) => [r.pool, r.before, r.after, r.usable, r.announced])));
  }
  if (c.checklist.length > 0) out.push('After the change is deployed, check (from its PLAN.md):', ...renderSteps(c.checklist));
  return out;
}

/** What a side's problems mean for the review, by side. */
const PROBLEMS: Record<'base' | 'head', string> = {
  base: 'Base has problems: today\'s checks refuse it, so it is reviewed as far as it can be read (a file that cannot be read at all counts as absent)',
  head: 'Head has problems: it cannot be deployed as it is; it is reviewed as far as it can be read (a file that cannot be read at all counts as absent)',
};

function problemSections(review: Review): string[] {
  return (review.problems ?? []).filter((p) => p.lines.length > 0).flatMap((p) => [`**${PROBLEMS[p.side]}:**`, p.lines.map((l) => `- ${code(l)}`).join('\n')]);
}

export function reviewMarkdown(review: Review): string {
  const changed = review.clusters.filter((c) => c.status !== 'unchanged');
  const title = `## Network change review: ${code(review.base)} → ${code(review.head)}`;
  const problems = problemSections(review);
  if (changed.length === 0) return [title, ...problems, 'No change: every cluster renders the same network in both.'].join('\n\n') + '\n';
  const n = countLevels(review);
  const summary = `${changed.length} cluster${changed.length === 1 ? '' : 's'} changed (${changed.map((c) => c.name).join(', ')}): `
    + `${n.breaking} breaking, ${n.restart} restart, ${n.safe} safe.`;
  return [title, ...problems, summary, ...changed.flatMap(clusterSection)].join('\n\n') + '\n';
}

export function reviewJson(review: Review): string {
  const clusters = review.clusters.map((c) => ({
    name: c.name, status: c.status,
    changes: c.changes.map((x) => ({ level: x.level, text: x.text, ...(x.details ? { details: x.details } : {}) })),
    pools: c.pools,
  }));
  const problems = review.problems?.length ? { problems: review.problems } : {};
  return `${JSON.stringify({ base: review.base, head: review.head, summary: countLevels(review), ...problems, clusters }, null, 2)}\n`;
}
