/**
 * The k3s flag derivation (src/upstream/k3s-flags.ts) on small Go files written here in the shape
 * of k3s's pkg/cli/cmds (our own text, not copies of upstream's), and, where k3s's real source is in
 * the data directory (after `npm run upstream:fetch` without --from), on the pinned upstream files
 * against the reference copy of flags.json on every field the product reads.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReferenceDir, sharedDir } from '../../src/conformance/shared-dir.js';
import { K3S_CAPABILITIES } from '../../src/model/k3s-versions.js';
import { cachedDataDir } from '../../src/upstream/cache.js';
import { GoParseError, readGoFile } from '../../src/upstream/go-literals.js';
import { deriveK3sFlags, K3sFlagsError, k3sFlagsJson, type K3sSourceFiles, usageValues } from '../../src/upstream/k3s-flags.js';
import { storedK3sSources } from '../../src/upstream/k3s-source.js';
import { K3S_FLAG_SOURCES, UPSTREAM_FILES } from '../../src/upstream/manifest.js';
import { files, SERVER, TYPES } from './k3s-go-fixture.js';

/** The same package without `keep`: the older minor lacks one flag. */
const OLDER = SERVER.replace(/\t&cli\.IntFlag\{\n\t\tName: {2}"keep",[^}]*\},\n/, '');

const sources = (): K3sSourceFiles[] => [{ minor: 36, files: files() }, { minor: 34, files: files(OLDER) }];

describe('the Go reader', () => {
  it('reads constants, flag literals and commands, and ignores what comments say', () => {
    const f = readGoFile(SERVER, 'server.go');
    expect(f.consts.get('defaultKeep')).toBe(7);
    expect([...f.vars.keys()]).toEqual(['HomeFlag', 'PodRange', 'ExtraWidgetArgs', 'ServerFlags']);
    expect(f.commands).toHaveLength(1);
    expect(readGoFile(TYPES, 'types.go').structTags.get('CriticalControlArgs')).toEqual(['cli:"pod-range"', 'cli:"pod-range"', 'json:"mode" cli:"mode"', 'cli:"disable-service-lb"']);
  });

  it('names the file and line of what it cannot read', () => {
    expect(() => readGoFile('package x\n\nconst A = "open\n', 'x.go')).toThrow(new GoParseError('x.go:3: newline in string'));
    expect(() => readGoFile('package x\n/* never closed', 'y.go')).toThrow(GoParseError);
    expect(() => readGoFile('const A = "\\q"', 'z.go')).toThrow('z.go:1: escape \\q is not read by this parser');
  });
});

describe('k3s flags derived from Go source', () => {
  const flags = deriveK3sFlags(sources());
  const byName = new Map(flags.map((f) => [f.name, f]));

  it('lists every flag of server and agent once, in k3s\'s order (server\'s list, then agent-only flags), with the roles that accept it', () => {
    expect(flags.map((f) => f.name)).toEqual([
      'home', 'pod-range', 'mode', 'tick', 'keep', 'port', 'secure', 'disable', 'agent-token', 'disable-kube-proxy', 'old-image', 'widget-arg', 'widget-legacy-arg', 'node',
    ]);
    expect(byName.get('home')).toMatchObject({ server: true, agent: true });
    expect(byName.get('node')).toMatchObject({ server: false, agent: true });
    expect(byName.get('mode')).toMatchObject({ server: true, agent: false });
  });

  it('takes the server definition of a flag both commands define, with constants and version.Program expanded', () => {
    expect(byName.get('home')).toEqual({
      name: 'home', aliases: ['h'], type: 'string', default: null, server: true, agent: true, hidden: false,
      usage: '(data) Where state lives, default /var/lib/k3s', category: 'data', experimental: false, deprecated: false, envVars: ['K3S_HOME'],
    });
  });

  it('writes each type and default as k3s does: durations as Go prints them, unset bools false and ints 0', () => {
    expect(byName.get('tick')).toMatchObject({ type: 'duration', default: '1m30s' });
    expect(byName.get('keep')).toMatchObject({ type: 'int', default: 7 });
    expect(byName.get('port')).toMatchObject({ type: 'int', default: 0, hidden: true, experimental: true, category: 'experimental' });
    expect(byName.get('secure')).toMatchObject({ type: 'bool', default: true, usage: 'Raw usage with "quotes"', category: null });
    expect(byName.get('disable-kube-proxy')).toMatchObject({ type: 'bool', default: false });
    expect(byName.get('node')).toMatchObject({ default: 'node-1' });
    expect(byName.get('pod-range')).toMatchObject({ type: 'stringSlice', default: null });
  });

  it('reads valid values from the usage text, deprecation from the text or a hidden flag sharing a visible one\'s variable', () => {
    expect(byName.get('mode')?.validValues).toEqual(['fast', 'safe']);
    expect(byName.get('disable')?.validValues).toEqual(['dns', 'lb']);
    expect(byName.get('pod-range')?.validValues).toBeUndefined();
    expect(byName.get('old-image')?.deprecated).toBe(true);
    expect(byName.get('widget-legacy-arg')?.deprecated).toBe(true);
    expect(byName.get('widget-arg')?.deprecated).toBe(false);
    expect(usageValues("(db) lookup type, one of 'auto', 'dns', 'path'; default is 'auto'")).toEqual(['auto', 'dns', 'path']);
    expect(usageValues("(networking) Backend (valid values: 'none', 'vxlan'")).toEqual(['none', 'vxlan']);
  });

  it('marks the servers-must-agree flags from CriticalControlArgs and from our table, and what the oldest minor lacks', () => {
    const critical = Object.fromEntries(flags.filter((f) => f.criticalServerArg).map((f) => [f.name, f.criticalServerArg]));
    expect(critical).toEqual({
      'pod-range': true,
      mode: true,
      disable: 'servicelb only (disable-service-lb); other items may differ per server',
      'agent-token': expect.stringMatching(/^docs: /),
      'disable-kube-proxy': expect.stringMatching(/^docs: /),
    });
    expect(flags.filter((f) => f.notInK3sV1_34_3).map((f) => f.name)).toEqual(['keep']);
  });

  it('prints a default duration as Go does in hours too, and refuses a default that is not a constant', () => {
    const tick = (value: string) => deriveK3sFlags([{ minor: 36, files: files(SERVER.replace('90 * time.Second', value)) }]).find((f) => f.name === 'tick');
    expect(tick('2 * time.Hour')?.default).toBe('2h0m0s');
    expect(tick('(61) * time.Minute')?.default).toBe('1h1m0s');
    expect(() => tick('time.Duration(cfg.Tick)')).toThrow('k3s v1.36 pkg/cli/cmds/: the Value of flag "tick" is not a constant');
    expect(() => tick('1500 * time.Millisecond')).toThrow('a default duration of 1500000000ns is not whole seconds');
  });

  it('is deterministic: the same sources in any order give the same bytes', () => {
    const text = k3sFlagsJson(sources());
    expect(k3sFlagsJson(sources().reverse())).toBe(text);
    expect(text.endsWith('}\n]\n')).toBe(true);
  });

  it('refuses what flags.json cannot say or the source does not declare, naming it', () => {
    const [newest, oldest] = sources();
    expect(OLDER).not.toBe(SERVER);
    expect(() => deriveK3sFlags([{ ...newest, files: { ...newest.files, 'pkg/cli/cmds/server.go': OLDER } }, { ...oldest, files: files() }]))
      .toThrow(new K3sFlagsError('k3s v1.34 has flags v1.36 lacks (keep); flags.json cannot say a flag was removed'));
    const tag = (from: string, to: string) => [{ minor: 36, files: { ...newest.files, 'pkg/daemons/config/types.go': TYPES.replace(from, to) } }];
    expect(() => deriveK3sFlags(tag('disable-service-lb', 'skip-lb')))
      .toThrow('pkg/daemons/config/types.go: CriticalControlArgs tag cli:"skip-lb" names no flag and src/upstream/k3s-flag-knowledge.ts does not map it');
    expect(() => deriveK3sFlags(tag('cli:"mode"', 'cli:"moode"'))).toThrow('CriticalControlArgs tag cli:"moode" names no flag');
    expect(() => deriveK3sFlags([{ minor: 36, files: { ...newest.files, 'pkg/cli/cmds/server.go': newest.files['pkg/cli/cmds/server.go'].replace('cli.DurationFlag', 'cli.Float64Flag') } }]))
      .toThrow('flag "tick" is a cli.Float64Flag, which flags.json has no type for');
    const noTypes = { ...newest.files };
    delete noTypes['pkg/daemons/config/types.go'];
    expect(() => deriveK3sFlags([{ minor: 36, files: noTypes }])).toThrow('k3s v1.36: pkg/daemons/config/types.go not given (CriticalControlArgs)');
    expect(() => deriveK3sFlags([{ minor: 36, files: { ...newest.files, 'pkg/cli/cmds/agent.go': 'package cmds\n' } }]))
      .toThrow('k3s v1.36: no &cli.Command{Name: "agent"} in pkg/cli/cmds/');
  });
});

/** The data directory holding k3s's pinned source (a fetch without --from), and a reference copy of flags.json (the pinned bytes). */
function realSource(): { sources: K3sSourceFiles[]; reference: unknown[] } | string {
  const pinned = UPSTREAM_FILES.find((f) => f.path === 'k3s/flags.json')!.sha256;
  // ../shared beside the checkout too: when the cache holds a derived flags.json, the lookup order stops there.
  const dirs = [...new Set([findReferenceDir()?.dir, cachedDataDir(), sharedDir(), resolve(import.meta.dirname, '../../../shared')].filter((d) => d !== undefined))];
  const withSource = dirs.map((d) => storedK3sSources(d, K3S_FLAG_SOURCES)).find((s) => typeof s !== 'string');
  const reference = dirs.map((d) => join(d, 'k3s', 'flags.json'))
    .find((p) => existsSync(p) && createHash('sha256').update(readFileSync(p)).digest('hex') === pinned);
  if (!withSource || typeof withSource === 'string') return 'needs k3s\'s pinned Go source: run `npm run upstream:fetch` (without --from) on a machine with internet';
  if (!reference) return 'needs the reference copy of k3s/flags.json (../shared, or a fetch with --from)';
  return { sources: withSource, reference: JSON.parse(readFileSync(reference, 'utf8')) };
}

/** The fields of flags.json that src/, tools/ and the tests read (src/conformance/k3s-config.ts, tools/chart-keys.ts, test/examples/k3s-flags.ts). */
const USED = ['name', 'aliases', 'type', 'server', 'agent', 'deprecated', 'configFileKey', 'validValues', 'notInK3sV1_34_3', 'criticalServerArg'] as const;
/** What the derivation writes besides, read straight from the literals. */
const PARSED = ['default', 'hidden', 'usage', 'category', 'experimental', 'envVars'] as const;

const real = realSource();
// CI has ../shared but not k3s's Go source (no network, and upstream files are not committed): there the test is not registered, as it could only skip.
if (typeof real !== 'string' || !process.env.CI) {
  describe('k3s flags derived from the pinned upstream source', () => {
    it('equal the reference copy on every field the product reads and every field read from the literals', (ctx) => {
      if (typeof real === 'string') return ctx.skip(real);
      const project = (list: readonly object[]) => list.map((f) => Object.fromEntries([...USED, ...PARSED].map((k) => [k, (f as Record<string, unknown>)[k]])));
      expect(project(deriveK3sFlags(real.sources))).toEqual(project(real.reference as object[]));
    });

    it('agree with K3S_CAPABILITIES on which minors have the flags added after v1.34.3', (ctx) => {
      if (typeof real === 'string') return ctx.skip(real);
      const names = (minor: number) => new Set(deriveK3sFlags(real.sources.filter((s) => s.minor === minor)).map((f) => f.name));
      const oldest = names(34);
      for (const { minor } of K3S_FLAG_SOURCES) {
        const added = [...names(minor)].some((n) => !oldest.has(n));
        expect(added, `v1.${minor}`).toBe(K3S_CAPABILITIES.find((c) => c.minor === minor)!.hasFlagsAfter1_34_3);
      }
    });
  });
}
