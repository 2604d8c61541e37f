import { Histogram, Metric, Registry } from 'prom-client';
import { LatencyHistogram } from './latency.histogram';

const BOUNDS = [0.001, 0.01, 0.1, 1];
const OBSERVED: Array<[string, string, number, number]> = [
  ['GET', '/api/me', 200, 0.0004],
  ['GET', '/api/me', 200, 0.001],
  ['GET', '/api/me', 200, 0.0011],
  ['GET', '/api/me', 401, 0.05],
  ['POST', '/api/token', 200, 0.2],
  ['POST', '/api/token', 200, 7],
  ['GET', 'unmatched', 404, 0],
];

describe('LatencyHistogram', () => {
  it("writes the exposition prom-client's Histogram writes for the same observations", async () => {
    const reference = new Registry();
    const histogram = new Histogram({
      name: 'latency_seconds',
      help: 'Latency.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BOUNDS,
      registers: [reference],
    });
    const ours = new Registry();
    const latency = new LatencyHistogram('latency_seconds', 'Latency.', BOUNDS);
    ours.registerMetric(latency as unknown as Metric);
    for (const [method, route, status, seconds] of OBSERVED) {
      histogram.observe({ method, route, status_code: status }, seconds);
      latency.observe(method, route, status, seconds);
    }

    const lines = (text: string) => text.split('\n').sort();
    expect(lines(await ours.metrics())).toEqual(lines(await reference.metrics()));
    expect(await ours.metrics()).toContain(
      'latency_seconds_bucket{le="0.001",method="GET",route="/api/me",status_code="200"} 2',
    );
    expect(await ours.metrics()).toContain(
      'latency_seconds_bucket{le="1",method="POST",route="/api/token",status_code="200"} 1',
    );
    expect(await ours.metrics()).toContain(
      'latency_seconds_count{method="POST",route="/api/token",status_code="200"} 2',
    );
  });

  it('forgets every series on reset', async () => {
    const registry = new Registry();
    const latency = new LatencyHistogram('latency_seconds', 'Latency.', BOUNDS);
    registry.registerMetric(latency as unknown as Metric);
    latency.observe('GET', '/api/me', 200, 0.002);
    latency.reset();
    expect(await registry.metrics()).toBe('# HELP latency_seconds Latency.\n# TYPE latency_seconds histogram\n');
  });
});
