// Loaded into every Node process of a measured command (NODE_OPTIONS=--require): on exit, appends
// one JSON line to $BENCH_EXIT_FILE with the process's peak RSS (KiB), its CPU time since it started
// (user + system, µs, from process.cpuUsage()), and, in a process that ran the launcher
// (lib/k3s-cilium-cdk8s.cjs), what became of its V8 code cache. spawnSync cannot report a child's
// CPU time, and /usr/bin/time is not needed this way.
const { appendFileSync } = require('node:fs');
process.on('exit', () => {
  if (!process.env.BENCH_EXIT_FILE) return;
  const cpu = process.cpuUsage();
  const launcher = Object.keys(require.cache).find((file) => file.endsWith('/k3s-cilium-cdk8s.cjs'));
  const cache = launcher ? require.cache[launcher].exports.codeCacheState?.() : undefined;
  appendFileSync(process.env.BENCH_EXIT_FILE, `${JSON.stringify({ rssKiB: process.resourceUsage().maxRSS, cpuUs: cpu.user + cpu.system, cache })}\n`);
});
