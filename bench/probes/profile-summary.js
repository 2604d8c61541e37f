// Sums a `node --cpu-prof` profile of a server under load into self time per request, by function
// and by the groups BENCHMARKS.md reports ("What is left"). `node bench/probes/profile-summary.js
// <file.cpuprofile> <seconds> <requests> [top]`: the last <seconds> of busy time are read (the boot
// and the warm-up left out), divided by the <requests> answered in them (profile-route.ts prints it).
'use strict';
const { readFileSync } = require('node:fs');

const GROUPS = {
  "async hooks (Node 20's, for the request store)":
    /promiseInitHook|emitInit|lookupPublicResource|_propagate|executionAsyncResource|node:async_hooks/,
  'pino: log lines': /pino\/|log\.params|access\.logger/,
  'security headers: our hook and Fastify header': /security-headers|Reply\.header/,
  "Node's header write": /_storeHeader|processHeader|checkIsHttpToken|checkInvalidHeaderChar|storeHeader/,
  guards: /guards-consumer|jwt-auth\.guard|scopes\.guard|staff\.guard|login-throttle|route-metadata|canActivate/,
  'latency metric': /latency\.histogram|request-metrics|prom-client/,
  'validation: DRF pipe, class-validator, class-transformer': /class-validator|class-transformer|drf-validation/,
  'writev (wall time in the socket write)': /^writev /,
};
const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);

const [file, seconds, requests, top = '30'] = process.argv.slice(2);
if (!file || !seconds || !requests) {
  process.stderr.write('usage: profile-summary.js <file.cpuprofile> <seconds> <requests> [top]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const nameOf = (node) => {
  const url = node.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/(dist|src)\//, '$1/');
  return `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber}`;
};

// Sample i lasts until sample i + 1; the window ends at the last busy sample.
const times = [];
let time = profile.startTime;
for (const delta of profile.timeDeltas) times.push((time += delta));
let end = profile.startTime;
profile.samples.forEach((id, i) => {
  if (!IDLE.has(nodes.get(id).callFrame.functionName)) end = times[i];
});
const start = end - Number(seconds) * 1e6;

const self = new Map();
let busy = 0;
profile.samples.forEach((id, i) => {
  if (times[i] < start || times[i] > end || i + 1 >= times.length) return;
  const node = nodes.get(id);
  if (node.callFrame.functionName === '(idle)') return;
  const duration = times[i + 1] - times[i];
  busy += duration;
  const name = nameOf(node);
  self.set(name, (self.get(name) ?? 0) + duration);
});

const perRequest = (us) =>
  `${(us / Number(requests)).toFixed(2).padStart(7)} us ${((100 * us) / busy).toFixed(1).padStart(5)} %`;
process.stdout.write(
  `busy ${(busy / 1000).toFixed(0)} ms, ${(busy / Number(requests)).toFixed(1)} us per request\n\nby group:\n`,
);
for (const [group, pattern] of Object.entries(GROUPS)) {
  let sum = 0;
  for (const [name, us] of self) if (pattern.test(name)) sum += us;
  process.stdout.write(`${perRequest(sum)}  ${group}\n`);
}
process.stdout.write('\nby function:\n');
[...self]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(top))
  .forEach(([name, us]) => process.stdout.write(`${perRequest(us)}  ${name}\n`));
