/**
 * A k3s config file (/etc/rancher/k3s/config.yaml) against the flags of its subcommand. k3s reads
 * it with yaml.v2 (YAML 1.1), turns each key into `--key=value`, and `k3s agent` exits on any flag
 * it does not define, so: known flag of that role, right type, scalars or lists of scalars only,
 * every string quoted (a plain `0644` is an octal int and `no` a boolean in YAML 1.1).
 */
import { isMap, isScalar, parseDocument, Scalar, visit } from 'yaml';
import { parseGoDuration } from '../model/go-duration.js';
import type { Violation } from './violation.js';

/** One entry of ../shared/k3s/flags.json (only the fields this checker reads). */
export interface K3sFlag {
  name: string;
  aliases: string[];
  type: 'string' | 'bool' | 'stringSlice' | 'int' | 'duration';
  server: boolean;
  agent: boolean;
  deprecated: boolean;
  configFileKey?: boolean;
  validValues?: string[];
  /** Set when the flag is missing from the oldest k3s release we support (v1.34.3+k3s1). */
  notInK3sV1_34_3?: boolean;
}

export type K3sRole = 'server' | 'agent';

/** `validValues` of these flags are examples, not a closed list (k3s does not check `disable` items). */
const OPEN_VALUE_LISTS = new Set(['disable']);

const RULE = 'k3s flags.json';

function typeProblem(flag: K3sFlag, value: unknown): string | undefined {
  const is = (t: string) => `${JSON.stringify(value)} is not a ${t} (flag type ${flag.type})`;
  switch (flag.type) {
    case 'bool': return typeof value === 'boolean' ? undefined : is('boolean');
    case 'int': return Number.isInteger(value) ? undefined : is('integer');
    case 'string': return typeof value === 'string' ? undefined : is('string');
    case 'duration': return typeof value === 'string' && parseGoDuration(value) !== undefined ? undefined : is('Go duration string such as "5m0s"');
    case 'stringSlice':
      if (!Array.isArray(value)) return `${JSON.stringify(value)} is not a list (flag type stringSlice: write a YAML list)`;
      return value.every((v) => typeof v === 'string') ? undefined : `${JSON.stringify(value)} is not a list of strings (flag type stringSlice)`;
  }
}

/** The role a config file is for: the generator's header names it; otherwise any server-only key means server. */
export function inferK3sRole(text: string, flags: readonly K3sFlag[]): K3sRole {
  const header = /^# \S+ of (server|agent) /m.exec(text);
  if (header) return header[1] as K3sRole;
  const doc = parseDocument(text, { version: '1.1' }).toJS();
  const serverOnly = new Set(flags.filter((f) => f.server && !f.agent).flatMap((f) => [f.name, ...f.aliases]));
  return doc && typeof doc === 'object' && Object.keys(doc).some((k) => serverOnly.has(k.replace(/\+$/, ''))) ? 'server' : 'agent';
}

/** Violations of one k3s config file read by `k3s <role>`. */
export function k3sConfigViolations(text: string, role: K3sRole, flags: readonly K3sFlag[], file: string): Violation[] {
  const v = (field: string, rule: string, message: string): Violation => ({ file, object: '', field, rule, message });
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true });
  if (doc.errors.length > 0) return doc.errors.map((e) => v('', 'YAML 1.1 (yaml.v2)', e.message.split('\n')[0]));
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) return [v('', `${RULE}: top level`, 'the file must be a map of flag names to values')];

  const out: Violation[] = [];
  // Quoting is judged on the nodes: a plain scalar that YAML 1.1 happens to read as a string today is one edit away from not being one.
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      // A nested map is refused below as a whole; its keys are not flag values.
      if (isMap(pair.value)) return visit.SKIP;
      visit(pair.value as never, {
        Scalar(_k, node: Scalar) {
          if (typeof node.value === 'string' && node.type === 'PLAIN') {
            out.push(
              v(
                key,
                'YAML 1.1 quoting',
                `the string ${JSON.stringify(node.value)} is not quoted; quote every string so YAML 1.1 cannot read it as a number or boolean`,
              ),
            );
          }
        },
      });
      return visit.SKIP;
    },
  });

  const byName = new Map(flags.flatMap((f) => [f.name, ...f.aliases].map((n) => [n, f] as const)));
  for (const [key, value] of Object.entries(doc.toJS() as Record<string, unknown>)) {
    const name = key.replace(/\+$/, '');
    const flag = byName.get(name);
    if (!flag) {
      out.push(v(key, `${RULE}: known flag`, `"${name}" is not a flag of k3s ${role}`));
      continue;
    }
    if (!flag[role]) {
      out.push(v(key, `${RULE}: ${role} flag`, role === 'agent'
        ? `"${name}" is a server-only flag; k3s agent exits with "flag provided but not defined"`
        : `"${name}" is an agent-only flag; k3s server skips it`));
      continue;
    }
    if (flag.configFileKey === false) out.push(v(key, `${RULE}: config file key`, `"${name}" is not meaningful in a config file`));
    if (flag.deprecated) out.push(v(key, `${RULE}: deprecated`, `"${name}" is deprecated`));
    if (flag.notInK3sV1_34_3) out.push(v(key, `${RULE}: supported k3s releases`, `"${name}" does not exist in k3s v1.34`));
    if (key.endsWith('+') && flag.type !== 'stringSlice') out.push(v(key, `${RULE}: append`, `"${key}" appends, which only stringSlice flags support`));
    if (value !== null && typeof value === 'object' && (!Array.isArray(value) || value.some((i) => i !== null && typeof i === 'object'))) {
      out.push(v(key, `${RULE}: no nested maps`, 'values must be scalars or lists of scalars; k3s stringifies anything nested into garbage'));
      continue;
    }
    const problem = typeProblem(flag, value);
    if (problem) {
      out.push(v(key, `${RULE}: type ${flag.type}`, problem));
      continue;
    }
    if (flag.validValues && !OPEN_VALUE_LISTS.has(flag.name)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (!flag.validValues.includes(String(item))) {
          out.push(v(key, `${RULE}: valid values`, `${JSON.stringify(item)} is not one of ${flag.validValues.join(', ')}`));
        }
      }
    }
  }
  return out;
}
