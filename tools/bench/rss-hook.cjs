// Loaded into every Node process of a measured command (NODE_OPTIONS=--require): appends the
// process's peak RSS in KiB to $BENCH_RSS_FILE on exit. The command's peak is the largest line.
const { appendFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
