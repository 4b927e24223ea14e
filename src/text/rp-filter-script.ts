/**
 * The shell script the rp-filter DaemonSet runs (busybox sh). Kernel rule: the effective
 * rp_filter of an interface is max(conf.all, conf.<iface>), so `all` is held at 0 (Cilium sets it
 * 0 too and its own devices need it) and each matching interface is set to the wanted value.
 * `once` applies and exits (init container); `watch` re-asserts every interval and logs each
 * correction, because Cilium's sysctlfix restarts systemd-sysctl, which re-applies distro globs
 * such as `net.ipv4.conf.*.rp_filter = 2`.
 */
export interface RpFilterScriptProps {
  /** rp_filter value for matching interfaces (0 or 2). */
  readonly rpFilter: number;
  /** Extended regexes of interface names to set. */
  readonly interfaces: readonly string[];
  /** Seconds between checks in watch mode. */
  readonly intervalSeconds: number;
}

/**
 * Where the DaemonSet mounts the host's /proc/sys/net (a hostPath volume, read-write). Not under
 * /proc: runc refuses mount destinations inside /proc, and an unprivileged container's own
 * /proc/sys is mounted read-only by the runtime.
 */
export const HOST_PROC_SYS_NET = '/host/proc/sys/net';

/** Single-quotes a value for sh. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function rpFilterScript(props: RpFilterScriptProps): string {
  const pattern = props.interfaces.map((p) => `(${p})`).join('|');
  return [
    'set -eu',
    `want=${props.rpFilter}`,
    `pattern=${shellQuote(pattern)}`,
    `interval=${props.intervalSeconds}`,
    // Overridable only so tests can run the script against another tree.
    `conf=\${RP_FILTER_CONF_DIR:-${HOST_PROC_SYS_NET}/ipv4/conf}`,
    'set_rp_filter() {',
    '  file="$conf/$1/rp_filter"',
    // Skip only an interface that went away: a refused write (EACCES, EROFS) fails the container
    // under set -e. (`[ -w ]` answers from mode bits for a non-root user: the script exited 0 having changed nothing.)
    '  [ -e "$file" ] || return 0',
    '  current=$(cat "$file")',
    '  if [ "$current" != "$2" ]; then',
    '    echo "$2" > "$file"',
    '    echo "rp_filter: $1 was $current, set to $2"',
    '  fi',
    '}',
    'apply() {',
    '  set_rp_filter all 0',
    '  for dir in "$conf"/*; do',
    '    iface=${dir##*/}',
    '    case "$iface" in all|default) continue ;; esac',
    '    if echo "$iface" | grep -Eq "$pattern"; then set_rp_filter "$iface" "$want"; fi',
    '  done',
    '}',
    'apply',
    'if [ "${1:-once}" = watch ]; then',
    '  while true; do sleep "$interval"; apply; done',
    'fi',
    '',
  ].join('\n');
}
