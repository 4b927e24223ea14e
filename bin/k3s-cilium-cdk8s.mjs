#!/usr/bin/env node
// The k3s-cilium-cdk8s command (package.json "bin"). The CLI is bundled with every dependency
// inlined (lib/cli.cjs, loaded by lib/k3s-cilium-cdk8s.cjs), so it starts in a fraction of a second
// and needs nothing from node_modules.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`k3s-cilium-cdk8s: Node.js ${process.versions.node} is too old; it needs Node.js 20.19 or newer\n`);
  process.exit(1);
}
const { runCli } = (await import('../lib/k3s-cilium-cdk8s.cjs')).default;
process.exitCode = await runCli(process.argv.slice(2));
