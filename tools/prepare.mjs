/**
 * package.json's `prepare`. npm runs it on every `npm install`/`npm ci` in this checkout and when it
 * installs the package from git (`npm install git+https://…`): only the latter needs lib/ built,
 * since the checkout runs from its sources and `npm pack` builds in `prepack`. npm's git fetcher
 * (pacote, lib/git.js #prepareDir) installs the clone's dependencies with `_PACOTE_NO_PREPARE_` in
 * the environment, and that install runs this script: then the build runs, so the package npm packs
 * from the clone holds lib/. K3S_CILIUM_CDK8S_BUILD=1 forces the build anywhere.
 */
import { execFileSync } from 'node:child_process';

if (process.env._PACOTE_NO_PREPARE_ !== undefined || process.env.K3S_CILIUM_CDK8S_BUILD === '1') {
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
