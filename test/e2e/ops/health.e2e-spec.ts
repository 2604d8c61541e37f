import { HealthCheckService } from '@nestjs/terminus';
import { HealthCheckExecutor } from '@nestjs/terminus/dist/health-check/health-check-executor.service';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';

// The liveness probe checks no dependency: SQLite is enough.
describe('GET /health/live', () => {
  const app = useTestApp(databaseTargets()[0]);

  it("answers terminus's report of no checks, not cacheable", async () => {
    const expected = await app.app.get(HealthCheckService).check([]);
    const answer = await app.request().get('/health/live').expect(200);
    expect(answer.body).toEqual(expected);
    expect(answer.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    expect(answer.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
  });

  it('answers 503 shutting_down, as terminus does, once shutdown has begun', async () => {
    // The hook Nest calls on terminus when the application starts closing.
    app.app.get(HealthCheckExecutor, { strict: false }).beforeApplicationShutdown();
    const refusal = await app.app
      .get(HealthCheckService)
      .check([])
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(refusal).toBeDefined();
    const answer = await app.request().get('/health/live').expect(503);
    expect(answer.body).toEqual(expect.objectContaining({ status: 'shutting_down' }));
  });
});
