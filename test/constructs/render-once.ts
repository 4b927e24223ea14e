/**
 * One render shared by the tests of a file, made by the first test that reads it (never at module
 * load, in a describe block or in beforeAll: StrykerJS's per-test coverage counts code that runs
 * outside a test as "static", covered by every test, and runs every test against each such mutant).
 *
 * Under Stryker's measuring run (its vitest setup names the running test in
 * `globalThis.__stryker__.currentTestId`) the render is made once per test instead, so every test
 * that reads it is recorded as covering the constructs it renders: with one render per file only
 * the first test would be, and a mutant killed by a later test's assertion would survive. In
 * `npm test` and in Stryker's mutant runs (no test id) the file renders once.
 */
export function renderOnce<T>(render: () => T): () => T {
  const made = new Map<string | undefined, T>();
  return () => {
    const test = (globalThis as { __stryker__?: { currentTestId?: string } }).__stryker__?.currentTestId;
    if (!made.has(test)) made.set(test, render());
    return made.get(test)!;
  };
}
