// Preloaded into the server by the bench only (`node -r ./bench/eventloop-probe.js dist/src/main.js`,
// spawned with an IPC channel): measures event-loop delay from inside the process without adding a
// route to the application. Asked over IPC rather than by a signal because Nest's shutdown hooks
// treat SIGUSR2 as "stop" and SIGUSR1 starts the inspector.
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');

if (typeof process.send === 'function') {
  // 10 ms is Node's default sampling interval; what is recorded is how late each sample fires.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on('message', (message) => {
    if (message === 'bench:memory') {
      process.send({ type: 'bench:memory', report: process.memoryUsage() });
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
