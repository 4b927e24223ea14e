/**
 * `npm run k3s-flags -- pin <k3s git dir> <minor> <commit>`: the K3S_FLAG_SOURCES entry of a k3s
 * commit (each file of the flag derivation with its sha256), read with `git show` from a clone or a
 * mirror of k3s, to pin a new minor in src/upstream/manifest.ts (its commit goes in
 * UPSTREAM_SOURCES too). `npm run k3s-flags -- derive [<data dir>]`: the flags.json the pinned
 * source in a data directory (default: the cache a fetch without --from filled) derives, to stdout.
 */
import { spawnSync } from 'node:child_process';
import { cachedDataDir } from '../src/upstream/cache.js';
import { k3sFlagsJson } from '../src/upstream/k3s-flags.js';
import { sha256, storedK3sSources } from '../src/upstream/k3s-source.js';
import { K3S_FLAG_FILES, K3S_FLAG_SOURCES } from '../src/upstream/manifest.js';

const usage = 'usage: npm run k3s-flags -- pin <k3s git dir> <minor> <commit> | derive [<data dir>]';
const fail = (message: string): never => {
  process.stderr.write(`k3s-flags: ${message}\n`);
  process.exit(1);
};
const [command, ...args] = process.argv.slice(2);

if (command === 'pin' && args.length === 3) {
  const [gitDir, minor, commit] = args;
  if (!/^[0-9a-f]{40}$/.test(commit)) fail(`${commit}: give the full 40-digit commit, which the raw URL pins`);
  const pins = K3S_FLAG_FILES.map((path) => {
    const show = spawnSync('git', ['-C', gitDir, 'show', `${commit}:${path}`], { maxBuffer: 64 << 20 });
    if (show.status !== 0) fail(`${gitDir}: git show ${commit}:${path}: ${show.stderr.toString().trim()}`);
    return `'${sha256(show.stdout)}'`;
  });
  process.stdout.write(`  { minor: ${Number(minor)}, source: 'k3s-1.${Number(minor)}', files: k3sFiles('k3s-1.${Number(minor)}', [\n` +
    `${pins.map((s, i) => (i % 2 === 0 ? `    ${s},` : ` ${s},\n`)).join('')}  ]) },\n`);
} else if (command === 'derive' && args.length <= 1) {
  const dir = args[0] ?? cachedDataDir();
  const sources = storedK3sSources(dir, K3S_FLAG_SOURCES);
  if (typeof sources === 'string') fail(`${sources}; run \`npm run upstream:fetch\` (without --from) to fetch k3s's pinned source`);
  process.stdout.write(k3sFlagsJson(sources as Exclude<typeof sources, string>));
} else {
  fail(usage);
}
