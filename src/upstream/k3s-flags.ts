/**
 * k3s/flags.json derived from k3s's own source: the flags of the `server` and `agent` commands as
 * pkg/cli/cmds declares them (urfave/cli v2 literals), the servers-must-agree flags from
 * CriticalControlArgs in pkg/daemons/config/types.go, and which flags the oldest supported minor
 * lacks. The newest source gives each flag's definition; older ones only say whether it exists.
 * The few facts the source does not state come from k3s-flag-knowledge.ts. Deterministic: flags in
 * k3s's own order (`k3s server --help`'s, then the agent-only ones), fixed key order, so the same
 * pinned files give the same bytes on every machine.
 */
import { type GoFile, type GoValue, readGoFile, resolve } from './go-literals.js';
import { CRITICAL_FROM_DOCS, CRITICAL_TAG_FLAGS, NOT_CONFIG_FILE_KEYS } from './k3s-flag-knowledge.js';

/** The Go files of one k3s revision, by their path in the k3s repository. */
export interface K3sSourceFiles {
  /** The k3s minor, e.g. 34 for v1.34.x. */
  readonly minor: number;
  /** Path (`pkg/cli/cmds/server.go`) → the file's text. */
  readonly files: Readonly<Record<string, string>>;
}

/** One flag of flags.json, as the derivation writes it (the reference copy's SOURCES.md documents the fields). */
export interface DerivedK3sFlag {
  name: string;
  aliases: string[];
  type: 'string' | 'bool' | 'stringSlice' | 'int' | 'duration';
  default: string | number | boolean | null;
  server: boolean;
  agent: boolean;
  hidden: boolean;
  usage: string;
  category: string | null;
  experimental: boolean;
  deprecated: boolean;
  envVars: string[];
  configFileKey?: false;
  validValues?: string[];
  criticalServerArg?: true | string;
  notInK3sV1_34_3?: true;
}

/** A source the derivation cannot read the way k3s means it: one line naming the file and what. */
export class K3sFlagsError extends Error {}

/** urfave/cli v2 flag types (https://pkg.go.dev/github.com/urfave/cli/v2#Flag) → flags.json `type`. */
const TYPES: Record<string, DerivedK3sFlag['type']> = {
  'cli.StringFlag': 'string', 'cli.BoolFlag': 'bool', 'cli.StringSliceFlag': 'stringSlice', 'cli.IntFlag': 'int', 'cli.DurationFlag': 'duration',
};
const CMDS = 'pkg/cli/cmds/';
const TYPES_GO = 'pkg/daemons/config/types.go';
/** The oldest minor the `notInK3sV1_34_3` field speaks of (k3s/SOURCES.md of the reference data). */
const OLDEST_MINOR = 34;

type Composite = Extract<GoValue, { composite: string }>;
const isComposite = (v: GoValue | undefined): v is Composite => typeof v === 'object' && v !== null && !Array.isArray(v) && 'composite' in v;

/** Go's time.Duration.String() for whole seconds and up: 10 * time.Minute → "10m0s". */
function goDuration(ns: number): string {
  const s = ns / 1e9;
  if (!Number.isInteger(s) || s <= 0) throw new K3sFlagsError(`a default duration of ${ns}ns is not whole seconds`);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s % 60}s`;
}

/** The package pkg/cli/cmds of one revision: its files read, names resolved across them. */
class Package {
  private readonly files: GoFile[];
  constructor(private readonly source: K3sSourceFiles) {
    this.files = Object.keys(source.files).filter((p) => p.startsWith(CMDS)).sort().map((p) => readGoFile(source.files[p], p));
    if (this.files.length === 0) throw new K3sFlagsError(`k3s v1.${source.minor}: no ${CMDS}*.go file given`);
  }

  private lookup = (name: string): GoValue | undefined => {
    for (const f of this.files) {
      const v = f.consts.get(name) ?? f.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  };

  value(v: GoValue): GoValue { return resolve(v, this.lookup); }

  /** The flag literals of `k3s <command>`, in order. */
  flags(command: 'server' | 'agent'): Composite[] {
    const cmd = this.files.flatMap((f) => f.commands).find((c) => isComposite(c) && c.fields.Name === command);
    if (!isComposite(cmd)) throw new K3sFlagsError(`k3s v1.${this.source.minor}: no &cli.Command{Name: "${command}"} in ${CMDS}`);
    const list = this.value(cmd.fields.Flags ?? { opaque: true });
    if (!Array.isArray(list)) throw new K3sFlagsError(`k3s v1.${this.source.minor}: the Flags of the ${command} command are not a []cli.Flag literal`);
    return list.map((item) => {
      const flag = this.value(item);
      if (!isComposite(flag)) throw new K3sFlagsError(`k3s v1.${this.source.minor}: a flag of the ${command} command is not a cli flag literal (${JSON.stringify(item)})`);
      return flag;
    });
  }

  /** The `cli:"…"` tags of CriticalControlArgs, when types.go is given. */
  criticalTags(): string[] | undefined {
    const text = this.source.files[TYPES_GO];
    if (text === undefined) return undefined;
    const tags = readGoFile(text, TYPES_GO).structTags.get('CriticalControlArgs');
    if (!tags) throw new K3sFlagsError(`${TYPES_GO}: no type CriticalControlArgs struct`);
    return [...new Set(tags.flatMap((t) => /(?:^|\s)cli:"([^"]+)"/.exec(t)?.[1] ?? []))];
  }
}

interface Parsed { readonly name: string; readonly fields: Record<string, GoValue>; readonly type: string; readonly destination?: string }

function parsed(pkg: Package, flag: Composite, where: string): Parsed {
  const fields: Record<string, GoValue> = {};
  for (const [key, v] of Object.entries(flag.fields)) fields[key] = key === 'Destination' ? v : pkg.value(v);
  const name = fields.Name;
  if (typeof name !== 'string') throw new K3sFlagsError(`${where}: line ${flag.line}: a flag whose Name is not a string constant`);
  const dest = flag.fields.Destination;
  return { name, fields, type: flag.composite, destination: dest && typeof dest === 'object' && 'ref' in dest ? dest.ref : undefined };
}

const strings = (v: GoValue | undefined, what: string): string[] => {
  if (v === undefined) return [];
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  throw new K3sFlagsError(`${what} is not a list of string constants`);
};

/** The values a usage text lists: `(valid values: 'a', 'b')`, `One of 'a', 'b'`, `one of 'a', 'b'; …`. */
export function usageValues(usage: string): string[] | undefined {
  const m = /(?:valid values:|\bone of)\s*([^);]*)/i.exec(usage);
  if (!m) return undefined;
  const values = m[1].split(',').map((s) => s.trim().replace(/^'(.*)'$/, '$1')).filter(Boolean);
  return values.length > 0 ? values : undefined;
}

function record(p: Parsed, where: string, roles: { server: boolean; agent: boolean }): DerivedK3sFlag {
  const type = TYPES[p.type];
  if (!type) throw new K3sFlagsError(`${where}: flag "${p.name}" is a ${p.type}, which flags.json has no type for`);
  const usage = p.fields.Usage ?? '';
  if (typeof usage !== 'string') throw new K3sFlagsError(`${where}: the Usage of flag "${p.name}" is not a string constant`);
  const value = p.fields.Value;
  let dflt: DerivedK3sFlag['default'];
  if (value === undefined) dflt = type === 'bool' ? false : type === 'int' ? 0 : null;
  else if (typeof value === 'object' && !Array.isArray(value) && 'duration' in value) dflt = goDuration(value.duration);
  else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') dflt = value;
  else throw new K3sFlagsError(`${where}: the Value of flag "${p.name}" is not a constant`);
  const hidden = p.fields.Hidden ?? false;
  if (typeof hidden !== 'boolean') throw new K3sFlagsError(`${where}: Hidden of flag "${p.name}" is not a constant`);
  return {
    name: p.name,
    aliases: strings(p.fields.Aliases, `${where}: Aliases of flag "${p.name}"`),
    type,
    default: dflt,
    ...roles,
    hidden,
    usage,
    category: /^\(([^)]+)\)/.exec(usage)?.[1] ?? null,
    experimental: /\(experimental\b/.test(usage),
    deprecated: /\(deprecated\)/i.test(usage),
    envVars: strings(p.fields.EnvVars, `${where}: EnvVars of flag "${p.name}"`),
  };
}

/** Names of `k3s server` and `k3s agent` flags in a revision, with each flag's first definition (server's first). */
function revision(source: K3sSourceFiles): { pkg: Package; server: Parsed[]; agent: Parsed[] } {
  const pkg = new Package(source);
  const where = `k3s v1.${source.minor} ${CMDS}`;
  return { pkg, server: pkg.flags('server').map((f) => parsed(pkg, f, where)), agent: pkg.flags('agent').map((f) => parsed(pkg, f, where)) };
}

/** The flags of k3s server and agent from the sources of each supported minor (any order; the newest defines each flag). */
export function deriveK3sFlags(sources: readonly K3sSourceFiles[]): DerivedK3sFlag[] {
  const byMinor = [...sources].sort((a, b) => a.minor - b.minor);
  const newest = byMinor.at(-1);
  if (!newest) throw new K3sFlagsError('no k3s source given');
  const { pkg, server, agent } = revision(newest);
  const where = `k3s v1.${newest.minor} ${CMDS}`;
  const names = (r: { server: Parsed[]; agent: Parsed[] }) => new Set([...r.server, ...r.agent].map((f) => f.name));
  const current = names({ server, agent });
  const older = byMinor.slice(0, -1).map((s) => ({ minor: s.minor, names: names(revision(s)) }));
  for (const o of older) {
    const removed = [...o.names].filter((n) => !current.has(n));
    // flags.json can say "added after v1.34.3" but not "removed": a removed flag would be judged valid on the newer minor.
    if (removed.length > 0) throw new K3sFlagsError(`k3s v1.${o.minor} has flags v1.${newest.minor} lacks (${removed.join(', ')}); flags.json cannot say a flag was removed`);
  }
  const oldest = older.find((o) => o.minor === OLDEST_MINOR);

  // A hidden flag writing the same variable as a visible one is its legacy alias (kube-controller-arg → kube-controller-manager-arg).
  const visibleDestinations = new Set(server.filter((f) => f.fields.Hidden !== true && f.destination).map((f) => f.destination));
  const flags = new Map<string, DerivedK3sFlag>();
  for (const p of [...server, ...agent]) {
    if (flags.has(p.name)) continue;
    const roles = { server: server.some((f) => f.name === p.name), agent: agent.some((f) => f.name === p.name) };
    const flag = record(p, where, roles);
    if (p.fields.Hidden === true && p.destination && visibleDestinations.has(p.destination)) flag.deprecated = true;
    if (NOT_CONFIG_FILE_KEYS[p.name]) flag.configFileKey = false;
    const values = usageValues(flag.usage);
    if (values) flag.validValues = values;
    if (oldest && !oldest.names.has(p.name)) flag.notInK3sV1_34_3 = true;
    flags.set(p.name, flag);
  }

  const tags = pkg.criticalTags();
  if (!tags) throw new K3sFlagsError(`k3s v1.${newest.minor}: ${TYPES_GO} not given (CriticalControlArgs)`);
  for (const tag of tags) {
    const mapped = CRITICAL_TAG_FLAGS[tag];
    const flag = flags.get(mapped?.flag ?? tag);
    if (!flag) {
      throw new K3sFlagsError(`${TYPES_GO}: CriticalControlArgs tag cli:"${tag}" names no flag ` + (mapped
        ? `(src/upstream/k3s-flag-knowledge.ts maps it to "${mapped.flag}", which is not one either)`
        : 'and src/upstream/k3s-flag-knowledge.ts does not map it'));
    }
    flag.criticalServerArg = mapped ? mapped.note : true;
  }
  for (const [name, note] of Object.entries(CRITICAL_FROM_DOCS)) {
    const flag = flags.get(name);
    if (!flag) throw new K3sFlagsError(`src/upstream/k3s-flag-knowledge.ts: "${name}" is not a flag of k3s v1.${newest.minor}`);
    flag.criticalServerArg ??= note;
  }
  return [...flags.values()];
}

/** flags.json's bytes: the derived flags, one space indentation, a final newline. */
export function k3sFlagsJson(sources: readonly K3sSourceFiles[]): string {
  return `${JSON.stringify(deriveK3sFlags(sources), null, 1)}\n`;
}
