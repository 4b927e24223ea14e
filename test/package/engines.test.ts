/** package.json's `engines` is honest: the running Node satisfies it, and it asks for at least what every package the project runs needs. */
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { readProjectFile } from '../helpers.js';

describe('engines', () => {
  const pkg = JSON.parse(readProjectFile('package.json'));
  const range = pkg.engines.node as string;

  it('is satisfied by the Node running the tests', () => {
    expect(semver.satisfies(process.versions.node, range)).toBe(true);
  });

  it('asks for at least what the library\'s dependencies, the packages the CLI bundles inline, and the tools need', () => {
    const minimum = semver.minVersion(range)!;
    const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    const needs = names.map((name) => [name, JSON.parse(readProjectFile(`node_modules/${name}/package.json`)).engines?.node as string | undefined] as const);
    expect(needs.filter(([, need]) => need && !semver.satisfies(minimum, need))).toEqual([]);
  });
});
