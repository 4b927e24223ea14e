/**
 * What this project is judged by: every upstream file the conformance checks, the real-chart tests,
 * `validate` and the generators read, each with where it comes from and its sha256. The files
 * themselves are never committed (they are upstream's, a few MB per Cilium release): `upstream
 * fetch` downloads them from here (or from a mirror in the same layout) into a per-user cache,
 * refusing any file whose checksum differs. Paths are the layout of the data directory
 * (`--shared <dir>`, the cache, `../shared`), read by src/conformance/reference-data.ts.
 *
 * Where each entry came from is recorded in the SOURCES.md of each folder of the reference copy
 * (cilium/<release>/SOURCES.md, k3s/SOURCES.md); the checksums were computed from that copy and
 * match the digests of the cilium/charts `index.yaml` for the chart packages.
 * To add a Cilium release: its chart package, the four files the checks read from it, its CRDs.
 *
 * k3s publishes no flag list: k3s/flags.json is derived by this project (src/upstream/k3s-flags.ts)
 * from k3s's Go source, whose files K3S_FLAG_SOURCES pins per supported minor. The sha256 of
 * k3s/flags.json below is that of the reference copy a mirror serves; a derived flags.json is
 * checked by deriving it again from its verified inputs (src/upstream/fetch.ts).
 * To add a k3s minor: its commit in UPSTREAM_SOURCES and an entry in K3S_FLAG_SOURCES.
 */

/** Who publishes a group of files, at which revision, under which licence. */
export interface UpstreamSource {
  /** The upstream project. */
  readonly project: string;
  /** The tag or branch, as upstream names it. */
  readonly ref: string;
  /** The exact commit the files are taken at. */
  readonly commit: string;
  /** SPDX identifier of the files' licence. */
  readonly licence: string;
  /** Why this revision, where it differs from the tag. */
  readonly note?: string;
}

/** Where `upstream fetch` gets a file from when no mirror is given. */
export type UpstreamOrigin =
  /** Downloaded as is. */
  | { readonly url: string }
  /** A member of a (gzipped tar) archive that is itself an entry of the manifest. */
  | { readonly archive: string; readonly member: string }
  /** Not an upstream file but derived by this project from the upstream files K3S_FLAG_SOURCES pins (a mirror may serve the derived file). */
  | { readonly derived: 'k3s-flags' };

export interface UpstreamFile {
  /** The file's path in the data directory (`../shared`'s layout). */
  readonly path: string;
  /** The key of its entry in UPSTREAM_SOURCES. */
  readonly source: keyof typeof UPSTREAM_SOURCES;
  readonly from: UpstreamOrigin;
  /** Hex sha256 of the file's bytes (of a derived file: of the copy a mirror serves). */
  readonly sha256: string;
}

/** An upstream source file, read only to derive a data file; kept in the cache beside it. */
export interface UpstreamInput {
  /** The file's path in the upstream repository. */
  readonly path: string;
  readonly url: string;
  /** Hex sha256 of the file's bytes. */
  readonly sha256: string;
}

/** The Go files k3s's flags are read from, at the commit of one supported minor. */
export interface K3sFlagSource {
  /** The k3s minor, e.g. 36 for v1.36.x. */
  readonly minor: number;
  /** The key of its entry in UPSTREAM_SOURCES (the commit). */
  readonly source: keyof typeof UPSTREAM_SOURCES;
  readonly files: readonly UpstreamInput[];
}

/** Everything `upstream fetch` gets (tests inject a small one). */
export interface UpstreamManifest {
  readonly files: readonly UpstreamFile[];
  readonly k3sFlagSources: readonly K3sFlagSource[];
}

export const UPSTREAM_SOURCES = {
  'cilium-charts': {
    project: 'https://github.com/cilium/charts (the Helm repository behind https://helm.cilium.io)',
    ref: 'master',
    commit: '009b5e9582173785abfdedb3fda7a26d85ab7aca',
    licence: 'Apache-2.0',
    note: 'the released chart packages, byte for byte (sha256 = the index.yaml digest); values.yaml, values.schema.json, Chart.yaml and LICENSE are read from inside them',
  },
  'cilium-1.18.10': { project: 'https://github.com/cilium/cilium', ref: 'v1.18.10', commit: '6bf2fe83d2fce50283b702d96c6190f7693dc224', licence: 'Apache-2.0' },
  'cilium-1.19.4': { project: 'https://github.com/cilium/cilium', ref: 'v1.19.4', commit: '95e477fdcfd35d438b135f4d981ee20ce3016ac3', licence: 'Apache-2.0' },
  'cilium-1.20.0': {
    project: 'https://github.com/cilium/cilium',
    ref: 'v1.20.0',
    commit: '3ab8efdd3b3f944db3eb8415dfeb4b608e3ae56b',
    licence: 'Apache-2.0',
    note: 'the v1.20 branch point (release commit 450c53145dc0a872ae20dfb05598c94ef55a71e2); the CRDs and docs held are unchanged between them',
  },
  'helm-controller': {
    project: 'https://github.com/k3s-io/helm-controller (the HelmChart CRDs k3s installs)',
    ref: 'v0.17.7',
    commit: '21a911f86f912a79e06e4f1596c54d8237320e6e',
    licence: 'Apache-2.0',
    note: 'the helm-controller k3s master pins; the schema is identical at v0.16.26',
  },
  'k3s-1.34': {
    project: 'https://github.com/k3s-io/k3s',
    ref: 'release-1.34 (v1.34.3+k3s1)',
    commit: '80b11e874b6f9af264fbed47294fb910fafbc5ae',
    licence: 'Apache-2.0',
    note: 'the commit after 151ca514 "[release-1.34] Update to v1.34.3-k3s1"; flags.json marks what this minor lacks (notInK3sV1_34_3)',
  },
  'k3s-1.35': {
    project: 'https://github.com/k3s-io/k3s',
    ref: 'master at v1.35.4-k3s1',
    commit: '595cf680cf4c5d8ebb18ad7959f6d2fae04fa91c',
    licence: 'Apache-2.0',
    note: 'the last master commit on Kubernetes 1.35 ("Update to v1.35.4 (#13946)", 2026-04-16), where release-1.35 branched; no mirror held release-1.35 itself',
  },
  'k3s-1.36': {
    project: 'https://github.com/k3s-io/k3s',
    ref: 'master (v1.36.3-k3s1)',
    commit: 'f4c53e663b72887673c5505cd9f048ed92d8eddb',
    licence: 'Apache-2.0',
    note: 'the newest source held; it defines every flag of flags.json, and judges v1.37 too until a v1.37 commit is pinned',
  },
} as const satisfies Record<string, UpstreamSource>;

const CHARTS = `https://raw.githubusercontent.com/cilium/charts/${UPSTREAM_SOURCES['cilium-charts'].commit}`;
/** Raw files of cilium/cilium at the commit of a release's entry. */
const cilium = (release: '1.18.10' | '1.19.4' | '1.20.0') => `https://raw.githubusercontent.com/cilium/cilium/${UPSTREAM_SOURCES[`cilium-${release}`].commit}`;
const HELM_CONTROLLER = `https://raw.githubusercontent.com/k3s-io/helm-controller/${UPSTREAM_SOURCES['helm-controller'].commit}`;

/** The Go files of one k3s commit, each with its sha256, in the order of K3S_FLAG_FILES. */
function k3sFiles(source: 'k3s-1.34' | 'k3s-1.35' | 'k3s-1.36', sha256: readonly string[]): UpstreamInput[] {
  return K3S_FLAG_FILES.map((path, i) => ({ path, url: `https://raw.githubusercontent.com/k3s-io/k3s/${UPSTREAM_SOURCES[source].commit}/${path}`, sha256: sha256[i] }));
}

/**
 * What declares k3s's flags: the server and agent commands and the flag variables they list
 * (pkg/cli/cmds: server, agent, log, config, root; DisableItems in stage.go, DefaultSnapshotter in
 * const_linux.go), and CriticalControlArgs (pkg/daemons/config/types.go).
 */
export const K3S_FLAG_FILES = [
  'pkg/cli/cmds/agent.go', 'pkg/cli/cmds/config.go', 'pkg/cli/cmds/const_linux.go', 'pkg/cli/cmds/log.go',
  'pkg/cli/cmds/root.go', 'pkg/cli/cmds/server.go', 'pkg/cli/cmds/stage.go', 'pkg/daemons/config/types.go',
] as const;

/** The k3s source each supported minor's flags are derived from (v1.37: none yet, judged by v1.36's). */
export const K3S_FLAG_SOURCES: readonly K3sFlagSource[] = [
  { minor: 34, source: 'k3s-1.34', files: k3sFiles('k3s-1.34', [
    'd7e464a53153ce16250a691c334d28ea48a55de7305999062bfb18ad6f5b2a86', '5070386666911861439e4e1d08b3b5591b8202e3987c50abff9382767c92ab03',
    '03b4d9533e018b191f3eae582180fab39fcf6aa5d6d95d3b7c0b923e678e3c39', '67d34cbad975cc96f5939b230d5efb7f98cd4b49eeb7a45bcbde9a3791d6e986',
    'b53004104c61af60c325d0e9a9dcb02ba052e0f8ad1d40102e81044b346a4fbe', 'da0433e0c115e8f022e57d339b2bea2d722aeeedf6b992ed41d0f13b37f729e7',
    'b46b9a827ce8c509f8aa3d73d653dea80a92d1e6ff5d8e3acdbd5bc34a92b01a', '844e47bb73a6a54e4b62c32f3abdeb66b74c959f98f4f25d3d7952f516457354',
  ]) },
  // Byte for byte the same files as release-1.34's: no flag changed between v1.34.3 and v1.35.4.
  { minor: 35, source: 'k3s-1.35', files: k3sFiles('k3s-1.35', [
    'd7e464a53153ce16250a691c334d28ea48a55de7305999062bfb18ad6f5b2a86', '5070386666911861439e4e1d08b3b5591b8202e3987c50abff9382767c92ab03',
    '03b4d9533e018b191f3eae582180fab39fcf6aa5d6d95d3b7c0b923e678e3c39', '67d34cbad975cc96f5939b230d5efb7f98cd4b49eeb7a45bcbde9a3791d6e986',
    'b53004104c61af60c325d0e9a9dcb02ba052e0f8ad1d40102e81044b346a4fbe', 'da0433e0c115e8f022e57d339b2bea2d722aeeedf6b992ed41d0f13b37f729e7',
    'b46b9a827ce8c509f8aa3d73d653dea80a92d1e6ff5d8e3acdbd5bc34a92b01a', '844e47bb73a6a54e4b62c32f3abdeb66b74c959f98f4f25d3d7952f516457354',
  ]) },
  { minor: 36, source: 'k3s-1.36', files: k3sFiles('k3s-1.36', [
    'b3d4fc16024e80d46a996a7abbfeb9892175227a6c9efcf94f7afc1154ff4030', '5070386666911861439e4e1d08b3b5591b8202e3987c50abff9382767c92ab03',
    '03b4d9533e018b191f3eae582180fab39fcf6aa5d6d95d3b7c0b923e678e3c39', 'a6c983bf41b9bd89adbb0d79becb9f93a4af8281d23ad6628fdf70c35b9b6a3c',
    'b53004104c61af60c325d0e9a9dcb02ba052e0f8ad1d40102e81044b346a4fbe', 'dd697219846980d702960ba72c86404e32d4a1f678bd88af60550a35b4624f9d',
    'b46b9a827ce8c509f8aa3d73d653dea80a92d1e6ff5d8e3acdbd5bc34a92b01a', 'f0289c0ef4fef962e0e71cbb856700bf079d862323294d4cb4e6c406ba658e4a',
  ]) },
];

/** Every file, in the order fetch gets them (an archive before its members). */
export const UPSTREAM_FILES: readonly UpstreamFile[] = [
  { path: 'cilium/1.18.10/chart/cilium-1.18.10.tgz', source: 'cilium-charts', from: { url: `${CHARTS}/cilium-1.18.10.tgz` }, sha256: '4d0754637fa6fd43878da4f611431fd796b9a9ced6152a34c30ca7b84451173d' },
  { path: 'cilium/1.18.10/chart/Chart.yaml', source: 'cilium-charts', from: { archive: 'cilium/1.18.10/chart/cilium-1.18.10.tgz', member: 'cilium/Chart.yaml' }, sha256: '974c788e9e65399369897984586841d1e10f9778ccf54e342b10971f66ea4e37' },
  { path: 'cilium/1.18.10/chart/LICENSE', source: 'cilium-charts', from: { archive: 'cilium/1.18.10/chart/cilium-1.18.10.tgz', member: 'cilium/LICENSE' }, sha256: 'f096c31ac0fb2e66df5b7ec20049741ae15accd50c8cd4d100b4db6c9353f6aa' },
  { path: 'cilium/1.18.10/chart/values.schema.json', source: 'cilium-charts', from: { archive: 'cilium/1.18.10/chart/cilium-1.18.10.tgz', member: 'cilium/values.schema.json' }, sha256: '43f4ce043a0939f6671893cf6d63a55f63c40a282733b520c6cff12c5b672052' },
  { path: 'cilium/1.18.10/chart/values.yaml', source: 'cilium-charts', from: { archive: 'cilium/1.18.10/chart/cilium-1.18.10.tgz', member: 'cilium/values.yaml' }, sha256: '02e494f60c4e80bf569b6f452dce86a28794563c4ef6e33cec003def0edc698c' },
  { path: 'cilium/1.18.10/crds/v2/ciliumbgpadvertisements.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpadvertisements.yaml` }, sha256: 'dd31b33bb8941d6ce564527e4313e93b748d4d3e3a874c48216ccff36a2506f2' },
  { path: 'cilium/1.18.10/crds/v2/ciliumbgpclusterconfigs.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpclusterconfigs.yaml` }, sha256: '22e596796a84a2819b03a3b0dced4195574587987f02f8bd53346fee78fb0b08' },
  { path: 'cilium/1.18.10/crds/v2/ciliumbgpnodeconfigoverrides.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpnodeconfigoverrides.yaml` }, sha256: 'c5ab2f798afbf55428fe67d6003b4472d51c38f41b6ef32d75cbec5961e9f569' },
  { path: 'cilium/1.18.10/crds/v2/ciliumbgpnodeconfigs.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpnodeconfigs.yaml` }, sha256: 'c6d36429ca2167269ff81829e30108541cd1fa3ce6dbf47d654fb081e96eba40' },
  { path: 'cilium/1.18.10/crds/v2/ciliumbgppeerconfigs.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgppeerconfigs.yaml` }, sha256: 'ba25e6364cdc85ba31f845feead5201fb0d7a8259157702aff7fa6514eebd3c1' },
  { path: 'cilium/1.18.10/crds/v2/ciliumclusterwidenetworkpolicies.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumclusterwidenetworkpolicies.yaml` }, sha256: 'c54b5358d006638a29257e97c1f1d417005ce999fce32c0270960fc4f75c246b' },
  { path: 'cilium/1.18.10/crds/v2/ciliumloadbalancerippools.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumloadbalancerippools.yaml` }, sha256: '4d39781e4aa3e489fd67048539b87dad16eecaa88e48fcb2cadbf0d25ebc4648' },
  { path: 'cilium/1.18.10/crds/v2/ciliumnetworkpolicies.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml` }, sha256: '6be92d49dbdbdb23e41b07dd6e88649162e40b06f4dc2e68b06c75b0e92346e3' },
  { path: 'cilium/1.18.10/crds/v2/ciliumnodeconfigs.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnodeconfigs.yaml` }, sha256: '35216ada408deb43f754344b54bc38c21cdfe0508805f0a66c48f5c48186173c' },
  { path: 'cilium/1.18.10/crds/v2alpha1/ciliumbgppeeringpolicies.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2alpha1/ciliumbgppeeringpolicies.yaml` }, sha256: 'ad9c8bb7adfed4ce3e944b5afdcfd72f2968630f652e3c4ad82ba60079f52ef2' },
  { path: 'cilium/1.18.10/crds/v2alpha1/ciliuml2announcementpolicies.yaml', source: 'cilium-1.18.10', from: { url: `${cilium('1.18.10')}/pkg/k8s/apis/cilium.io/client/crds/v2alpha1/ciliuml2announcementpolicies.yaml` }, sha256: '08933156770d85f8f3763ec32f9a2d8fb6a4deac2e27d94f1d7a16a73c044bdf' },
  { path: 'cilium/1.19.4/chart/cilium-1.19.4.tgz', source: 'cilium-charts', from: { url: `${CHARTS}/cilium-1.19.4.tgz` }, sha256: 'c6a788e6bd74598a235f7987930860f554c2dd8048154d1aba8a532bcde90cd6' },
  { path: 'cilium/1.19.4/chart/Chart.yaml', source: 'cilium-charts', from: { archive: 'cilium/1.19.4/chart/cilium-1.19.4.tgz', member: 'cilium/Chart.yaml' }, sha256: 'caf39072b3646be42f61003bbf02050da6735d8f2349eafa578866b324bf662c' },
  { path: 'cilium/1.19.4/chart/LICENSE', source: 'cilium-charts', from: { archive: 'cilium/1.19.4/chart/cilium-1.19.4.tgz', member: 'cilium/LICENSE' }, sha256: 'f096c31ac0fb2e66df5b7ec20049741ae15accd50c8cd4d100b4db6c9353f6aa' },
  { path: 'cilium/1.19.4/chart/values.schema.json', source: 'cilium-charts', from: { archive: 'cilium/1.19.4/chart/cilium-1.19.4.tgz', member: 'cilium/values.schema.json' }, sha256: '7bcd9b39aa22bfce5de8e1b8e9aa333422d6e18361818c3f402ca7b4410e45de' },
  { path: 'cilium/1.19.4/chart/values.yaml', source: 'cilium-charts', from: { archive: 'cilium/1.19.4/chart/cilium-1.19.4.tgz', member: 'cilium/values.yaml' }, sha256: 'ca63fa166eda9d2eb06fc2fdffae6408d8946ad35f816ae0d2f1b78b238c5ad1' },
  { path: 'cilium/1.19.4/crds/v2/ciliumbgpadvertisements.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpadvertisements.yaml` }, sha256: '7db305307814d057ebb06bb60a18d1907cdfc1a0cfa64037eb8b2c393a87aa0b' },
  { path: 'cilium/1.19.4/crds/v2/ciliumbgpclusterconfigs.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpclusterconfigs.yaml` }, sha256: 'ada6f0d16bfed6b570c97528694702797712e9769450b9c4a3224697dde7536e' },
  { path: 'cilium/1.19.4/crds/v2/ciliumbgpnodeconfigoverrides.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpnodeconfigoverrides.yaml` }, sha256: '3ad9f6c87e395d0afc55e0de293e88e8ec12f498b7fed34045f4b03c35009fb7' },
  { path: 'cilium/1.19.4/crds/v2/ciliumbgpnodeconfigs.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpnodeconfigs.yaml` }, sha256: 'c6e40beef8fa66e0df5a233827b1151248dbff1006e288153166966e7dbc2919' },
  { path: 'cilium/1.19.4/crds/v2/ciliumbgppeerconfigs.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgppeerconfigs.yaml` }, sha256: '698f7babf54a9c9933f877463d2784d3940508a9fd9a0c064a5cc4469eca8ad6' },
  { path: 'cilium/1.19.4/crds/v2/ciliumclusterwidenetworkpolicies.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumclusterwidenetworkpolicies.yaml` }, sha256: 'ae742b7ad66ddb4af752b6ae9787f2d3bc4597e3f29df80417967767f9bf2a79' },
  { path: 'cilium/1.19.4/crds/v2/ciliumloadbalancerippools.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumloadbalancerippools.yaml` }, sha256: '04a1e2415f62364c409913f85d2ed597ba41e4f8c31fd242fd79149348853142' },
  { path: 'cilium/1.19.4/crds/v2/ciliumnetworkpolicies.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml` }, sha256: '1b1738a904de1152c43078e6a873440aea100f30f10ce5ed4e8622524c13fa43' },
  { path: 'cilium/1.19.4/crds/v2/ciliumnodeconfigs.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnodeconfigs.yaml` }, sha256: '92a77d6f101e251708501a2b1322dfb1a4cd45f9a78f8bf733baa7dc91963263' },
  { path: 'cilium/1.19.4/crds/v2alpha1/ciliuml2announcementpolicies.yaml', source: 'cilium-1.19.4', from: { url: `${cilium('1.19.4')}/pkg/k8s/apis/cilium.io/client/crds/v2alpha1/ciliuml2announcementpolicies.yaml` }, sha256: 'c9a67b0d8a3a5ea43d80c3ac1a0e05f5d0c7ba19ed70cbe8ccd4e04ad5077e1b' },
  { path: 'cilium/1.20.0/chart/cilium-1.20.0.tgz', source: 'cilium-charts', from: { url: `${CHARTS}/cilium-1.20.0.tgz` }, sha256: 'c5f013912360d1a334f44ef25f36da59ba3414cdb48f466ee12d0c4fdff27883' },
  { path: 'cilium/1.20.0/chart/Chart.yaml', source: 'cilium-charts', from: { archive: 'cilium/1.20.0/chart/cilium-1.20.0.tgz', member: 'cilium/Chart.yaml' }, sha256: 'c3f6b039441089e79e5f8e2ea0db6af87965ecf9b0d08666916025317f18c5f0' },
  { path: 'cilium/1.20.0/chart/LICENSE', source: 'cilium-charts', from: { archive: 'cilium/1.20.0/chart/cilium-1.20.0.tgz', member: 'cilium/LICENSE' }, sha256: 'f096c31ac0fb2e66df5b7ec20049741ae15accd50c8cd4d100b4db6c9353f6aa' },
  { path: 'cilium/1.20.0/chart/values.schema.json', source: 'cilium-charts', from: { archive: 'cilium/1.20.0/chart/cilium-1.20.0.tgz', member: 'cilium/values.schema.json' }, sha256: '736bf1f53d6e86119aac2e872d92607c7414621e32cc9fdafb548c99f7255f56' },
  { path: 'cilium/1.20.0/chart/values.yaml', source: 'cilium-charts', from: { archive: 'cilium/1.20.0/chart/cilium-1.20.0.tgz', member: 'cilium/values.yaml' }, sha256: '6d5723809e788b33ab4adc9f53e4522df1a6f6f5254b4444b585ea8cb2d71c38' },
  { path: 'cilium/1.20.0/crds/v2/ciliumbgpadvertisements.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpadvertisements.yaml` }, sha256: '44f04798cdfcfece42128630836086ee8c160ece8a4801dcb02eb03b1eadc5f7' },
  { path: 'cilium/1.20.0/crds/v2/ciliumbgpclusterconfigs.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpclusterconfigs.yaml` }, sha256: '51206558786549a8962fa7c6e178583409a655a480f9fc5e5c277fb48969908c' },
  { path: 'cilium/1.20.0/crds/v2/ciliumbgpnodeconfigoverrides.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpnodeconfigoverrides.yaml` }, sha256: '8032d71df06d36600de9e6d7c6808e719537118feb5ffa528d692adbb4552238' },
  { path: 'cilium/1.20.0/crds/v2/ciliumbgpnodeconfigs.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgpnodeconfigs.yaml` }, sha256: 'fcc8689b3e2985935e4badf23b545e5c4343e878e78c567fde28b035c56272b8' },
  { path: 'cilium/1.20.0/crds/v2/ciliumbgppeerconfigs.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumbgppeerconfigs.yaml` }, sha256: '91ab4563c9b4a6fd4314e9fe0b128fcd77f15b50f3a5be6a32a7703dede70f60' },
  { path: 'cilium/1.20.0/crds/v2/ciliumclusterwidenetworkpolicies.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumclusterwidenetworkpolicies.yaml` }, sha256: 'b20057b909a1ba3abac6f13629e331131632308a9de5f5d47fc3c299921be646' },
  { path: 'cilium/1.20.0/crds/v2/ciliumloadbalancerippools.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumloadbalancerippools.yaml` }, sha256: '31dd3d26d987e46bc04d66ec2f9bdcf2aa2b13b7b368e515ca324961b55d65b1' },
  { path: 'cilium/1.20.0/crds/v2/ciliumnetworkpolicies.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml` }, sha256: '9af7e1c0d2680c7e6ff55ab07a5d78a9d366fe4e31321f7bdfb1fba208ff80a0' },
  { path: 'cilium/1.20.0/crds/v2/ciliumnodeconfigs.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnodeconfigs.yaml` }, sha256: 'c7e3558ed06e8d87ce75a007bd3b0f0fb2c28080a6c52ee9184f6d3b887f1aff' },
  { path: 'cilium/1.20.0/crds/v2alpha1/ciliuml2announcementpolicies.yaml', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/pkg/k8s/apis/cilium.io/client/crds/v2alpha1/ciliuml2announcementpolicies.yaml` }, sha256: '5a5ada1455e5169d1f95d4814302677ebff4bf477b5298483e9b827a70feee7a' },
  { path: 'cilium/1.20.0/docs/Documentation/installation/k3s.rst', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/Documentation/installation/k3s.rst` }, sha256: 'd922171948cd36929950dc8502abce9fb7ef2bcb3ccc881eb58b090228e1752f' },
  { path: 'cilium/1.20.0/docs/Documentation/network/bgp-control-plane/bgp-control-plane-configuration.rst', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/Documentation/network/bgp-control-plane/bgp-control-plane-configuration.rst` }, sha256: 'f108f647f12b8f52012ab6171b391228ddbe0c1130647ccbdb713c270cbe333d' },
  { path: 'cilium/1.20.0/docs/Documentation/network/concepts/routing.rst', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/Documentation/network/concepts/routing.rst` }, sha256: '1dc7232f46a1839898013f567505c0a114e9418bfe98b9b59b816bb879473092' },
  { path: 'cilium/1.20.0/docs/Documentation/network/kubernetes/kubeproxy-free.rst', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/Documentation/network/kubernetes/kubeproxy-free.rst` }, sha256: '04b670a1456958399883f3a99abbb783d9b3df77380de62ccf311d1cbf525ed2' },
  { path: 'cilium/1.20.0/docs/Documentation/network/l2-announcements.rst', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/Documentation/network/l2-announcements.rst` }, sha256: '5eee98194bfd8c263ea61ce7ec2915bad85c63e896f8122a40c7bde7204acdc6' },
  { path: 'cilium/1.20.0/docs/Documentation/network/lb-ipam.rst', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/Documentation/network/lb-ipam.rst` }, sha256: '9d0ca1265f94b30b0683ef2825cbd9c37125c12d5d56f5b0f7108a665cff35b0' },
  { path: 'cilium/1.20.0/docs/Documentation/operations/upgrade.rst', source: 'cilium-1.20.0', from: { url: `${cilium('1.20.0')}/Documentation/operations/upgrade.rst` }, sha256: '5ca9a4ad198ada272e5f8b37671077d4eb788161b9228c3d079e1d34104ac21e' },
  { path: 'k3s/helm.cattle.io_helmchartconfigs.yaml', source: 'helm-controller', from: { url: `${HELM_CONTROLLER}/pkg/crds/yaml/generated/helm.cattle.io_helmchartconfigs.yaml` }, sha256: '1dbc3601e166895d8c1c9a5b38ab3ce42f971eaf7bac12bf31402ce3e2f9ff78' },
  { path: 'k3s/helm.cattle.io_helmcharts.yaml', source: 'helm-controller', from: { url: `${HELM_CONTROLLER}/pkg/crds/yaml/generated/helm.cattle.io_helmcharts.yaml` }, sha256: '7027751a0e57272a24efe0cda3c9f4579d38bd3a9f1f79b97437ae16e849d62b' },
  { path: 'k3s/flags.json', source: 'k3s-1.36', from: { derived: 'k3s-flags' }, sha256: '21c39ebb6f572c0713f074a1afcf6b876ecdd04c56ef7a25a594b825f25a39ed' },
];

/** The manifest `upstream fetch` uses. */
export const UPSTREAM_MANIFEST: UpstreamManifest = { files: UPSTREAM_FILES, k3sFlagSources: K3S_FLAG_SOURCES };
