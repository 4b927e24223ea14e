/**
 * Runs before every test file (vitest setupFiles): the folders tempDir made outside a test go when
 * the file's tests end, pass or fail.
 */
import { Testing } from 'cdk8s';
import { afterAll } from 'vitest';
import { removeFileTemps, tempDir } from './helpers.js';

afterAll(removeFileTemps);

// cdk8s's Testing.app() (and Testing.chart(), which calls it) makes a temporary outdir it never
// removes (node_modules/cdk8s/lib/testing.js): its default outdir comes from tempDir instead.
// Wrapped once per worker (test files share modules: isolate is off in vitest.config.ts).
const WRAPPED = Symbol.for('k3s-cilium-cdk8s.test.testing-app');
const testing = Testing as typeof Testing & { [WRAPPED]?: true };
if (!testing[WRAPPED]) {
  const app = Testing.app.bind(Testing);
  testing.app = (props) => app({ ...props, outdir: props?.outdir ?? tempDir('cdk8s-outdir-') });
  testing[WRAPPED] = true;
}
