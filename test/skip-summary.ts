/**
 * vitest reporter: at the end of the run, how many tests were skipped and why, one line per reason
 * (the note of `ctx.skip`, see test/requirements.ts), so a run on a machine without the reference
 * data or a system program says what to run or install to get the whole suite.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const reasons = new Map<string, number>();
    for (const module of modules) {
      for (const test of module.children.allTests('skipped')) {
        const result = test.result();
        const note = (result.state === 'skipped' ? result.note : undefined) ?? 'no reason given (it.skip, todo, or left out by -t)';
        reasons.set(note, (reasons.get(note) ?? 0) + 1);
      }
    }
    if (reasons.size === 0) return;
    const total = [...reasons.values()].reduce((a, b) => a + b, 0);
    const lines = [...reasons].sort(([a], [b]) => a.localeCompare(b)).map(([note, n]) => `  ${n} ${n === 1 ? 'test' : 'tests'}: ${note}`);
    process.stdout.write(`\nskipped ${total} ${total === 1 ? 'test' : 'tests'}:\n${lines.join('\n')}\n`);
  }
}
