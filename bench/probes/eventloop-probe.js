// Preloaded into the server by the bench only (`node -r ./bench/probes/eventloop-probe.js dist/src/main.js`,
// spawned with an IPC channel): measures event-loop delay from inside the process without adding a
// route to the application. Asked over IPC rather than by a signal because Nest's shutdown hooks
// treat SIGUSR2 as "stop" and SIGUSR1 starts the inspector.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');

if (typeof process.send === 'function') {
  // 10 ms is Node's default sampling interval. The histogram records the time between two
  // samples, which is the interval itself plus the delay: the interval is taken off (as
  // @fastify/under-pressure does), so that an idle loop reads 0.
  const RESOLUTION_MS = 10;
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
  process.on('message', (message) => {
    if (message === 'bench:memory') {
      // With --expose-gc (the bench's RSS scenario only): a full collection first, so that what
      // is compared is what the server retains, not how much garbage and free heap the last
      // second left behind.
      const before = process.memoryUsage();
      // Twice: the first collection frees, the second finds the pages the first swept empty and
      // hands them back to the system (one gc() leaves them mapped, and counted in RSS).
      if (typeof global.gc === 'function') {
        global.gc();
        global.gc();
      }
      const spaces = Object.fromEntries(
        require('node:v8')
          .getHeapSpaceStatistics()
          .map((space) => [space.space_name, { size: space.space_size, used: space.space_used_size }]),
      );
      process.send({ type: 'bench:memory', report: { before, after: process.memoryUsage(), spaces } });
      return;
    }
    if (message !== 'bench:eventloop') return;
    const report = {
      count: histogram.count,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
    histogram.reset();
    process.send({ type: 'bench:eventloop', report });
  });
  // The channel must not keep the server alive once Nest has shut down.
  process.channel.unref();
}
