/** k3s's flag table (k3s/flags.json of the reference data): which subcommand accepts which config key. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '../../src/conformance/shared-dir.js';

interface K3sFlag { name: string; server: boolean; agent: boolean; criticalServerArg?: boolean }

const file = join(sharedDir(), 'k3s', 'flags.json');
// Empty without the reference data: the tests that need it skip there (test/requirements.ts).
const flags: K3sFlag[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];

export const AGENT_KEYS = new Set(flags.filter((f) => f.agent).map((f) => f.name));
export const SERVER_KEYS = new Set(flags.filter((f) => f.server).map((f) => f.name));
/** Keys k3s compares between servers at join (`CriticalControlArgs`), plus disable and disable-kube-proxy (k3s HA docs). */
export const CRITICAL_KEYS = [...new Set([...flags.filter((f) => f.criticalServerArg).map((f) => f.name), 'disable', 'disable-kube-proxy'])];
