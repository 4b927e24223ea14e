/**
 * What the k3s flag table needs that k3s's flag declarations do not say: our data, not upstream's,
 * kept apart from what src/upstream/k3s-flags.ts reads out of the Go source so a reader sees which
 * is which. Each entry says where it comes from. Everything else in the derived flags.json comes
 * from the pinned source files alone.
 */

/**
 * Flags that are not keys of config.yaml. `config` names the file itself: pkg/configfilearg reads
 * `--config`/`K3S_CONFIG_FILE` before urfave/cli runs and never from the file
 * (pkg/configfilearg/defaultparser.go).
 */
export const NOT_CONFIG_FILE_KEYS: Readonly<Record<string, string>> = {
  config: 'the config file location itself; only meaningful on the command line or as K3S_CONFIG_FILE',
};

/**
 * Server flags that must be identical on every server although CriticalControlArgs
 * (pkg/daemons/config/types.go) does not list them: the k3s docs, k3s-io/docs `docs/cli/server.md`
 * ("Critical Configuration Values": agent-token) and `docs/datastore/ha-embedded.md` (disable-kube-proxy);
 * summarised with sources in ../shared/notes/k3s.md §1.
 */
export const CRITICAL_FROM_DOCS: Readonly<Record<string, string>> = {
  'agent-token': 'docs: keep identical on all servers (not in CriticalControlArgs; agents read it from the server they join)',
  'disable-kube-proxy': 'docs: keep identical on all servers (not in CriticalControlArgs; agents read it from the server they join)',
};

/**
 * `cli:"…"` tags of CriticalControlArgs that name no flag, and the flag that sets them:
 * DisableServiceLB is set from `--disable servicelb` (pkg/cli/server/server.go). A tag that names no
 * flag and is missing here fails the derivation, so a new one is never dropped silently.
 */
export const CRITICAL_TAG_FLAGS: Readonly<Record<string, { readonly flag: string; readonly note: string }>> = {
  'disable-service-lb': { flag: 'disable', note: 'servicelb only (disable-service-lb); other items may differ per server' },
};
