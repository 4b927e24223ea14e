/**
 * The stock cdk8s setup of the same app, for comparison: what `cdk8s init typescript-app` sets up
 * (a CommonJS project, `app: npx ts-node main.ts`, run by `npx cdk8s synth` with default flags),
 * holding an unchanged copy of this project's constructs/, imports/, src/ and generated/ and the
 * default cluster, and the template's main.ts filled in the way examples/typescript/main.ts uses the
 * construct: an App, the K3sCiliumCluster of the cluster file, app.synth(), and the cluster's tree
 * (the manifests/ the plugin prints among it) written under the output directory. The project's own
 * main.ts is the CLI's ES module entry (import.meta, top-level await), which a CommonJS ts-node
 * project cannot compile. ts-node type-checks as the template does; its `experimentalResolver` is
 * the one addition, so the `.js` extensions of this project's imports resolve to the .ts files.
 */
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['constructs', 'imports', 'src', 'generated'];

/** The stock app: cluster file in, the construct's objects and tree out. */
const mainTs = (cluster: string) => `import { readFileSync } from 'fs';
import { App } from 'cdk8s';
import { parse } from 'yaml';
import { K3sCiliumCluster } from './constructs/k3s-cilium-cluster';
import { writeTree } from './src/write/tree';

const file = ${JSON.stringify(cluster)};
const app = new App();
const cluster = new K3sCiliumCluster(app, 'homelab', { spec: parse(readFileSync(file, 'utf8')), source: file });
app.synth();
writeTree(app.outdir, cluster.files(), { source: 'main.ts' });
`;

/** Writes the stock project into `dir` (which must not exist); its cdk8s output goes to `dir`/dist. */
export function writeStockBaseline(root: string, dir: string, cluster = 'clusters/homelab.yaml'): void {
  mkdirSync(join(dir, 'clusters'), { recursive: true });
  for (const source of SOURCES) cpSync(join(root, source), join(dir, source), { recursive: true });
  cpSync(join(root, cluster), join(dir, cluster));
  writeFileSync(join(dir, 'main.ts'), mainTs(cluster));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'stock-cdk8s-baseline', private: true }, null, 2)}\n`);
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'commonjs', moduleResolution: 'node10', lib: ['ES2023'], types: ['node'],
      strict: true, esModuleInterop: true, skipLibCheck: true, resolveJsonModule: true,
    },
    'ts-node': { experimentalResolver: true },
    include: ['main.ts'],
  }, null, 2)}\n`);
  writeFileSync(join(dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\noutput: dist\n');
}
