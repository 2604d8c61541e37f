import { ALICE, createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { TestApp, useTestApps } from '../../support/test-app';

/** The value of one sample (`name{labels}`) in Prometheus text, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** The scraped values of the series `expected` names, to compare with it in one assertion. */
function samples(text: string, expected: Record<string, number>): Record<string, number | undefined> {
  return Object.fromEntries(Object.keys(expected).map((series) => [series, sample(text, series)]));
}

describe.each(databaseTargets())('GET /metrics on $name', (target) => {
  const [a, b] = useTestApps(target, {}, [{}], (app) => createUser(app, ALICE));

  const scrape = async (app: TestApp): Promise<string> => {
    const response = await app.request().get('/metrics').expect(200);
    return response.text;
  };

  it('answers in Prometheus text format with process metrics and zeroed security counters', async () => {
    const response = await a.request().get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    const text = response.text;
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    const zeros = {
      'auth_logins_total{outcome="success"}': 0,
      'auth_logins_total{outcome="failure"}': 0,
      'auth_refresh_reuse_detected_total{kind="recent_predecessor"}': 0,
      'auth_refresh_reuse_detected_total{kind="older_generation"}': 0,
      auth_refreshes_total: 0,
      auth_lockouts_total: 0,
    };
    expect(samples(text, zeros)).toEqual(zeros);
    expect(text).toContain('# TYPE auth_session_revocations_total counter');
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('counts logins, refreshes, reuse by kind and revocations by reason on the instance that served them', async () => {
    const pair = await a.api.loginAs(ALICE);
    await a.request().post('/api/token/').send({ username: ALICE.username, password: 'wrong-password' }).expect(401);
    const rotated = await a.request().post('/api/token/refresh/').send({ refresh: pair.refresh }).expect(200);
    // The retired token again: theft, the session is revoked.
    await a.request().post('/api/token/refresh/').send({ refresh: pair.refresh }).expect(401);
    const other = await a.api.loginAs(ALICE);
    await a.request().post('/api/token/blacklist/').send({ refresh: other.refresh }).expect(200);
    expect((rotated.body as { refresh: string }).refresh).toBeDefined();

    const text = await scrape(a);
    const counted = {
      'auth_logins_total{outcome="success"}': 2,
      'auth_logins_total{outcome="failure"}': 1,
      auth_refreshes_total: 1,
      'auth_refresh_reuse_detected_total{kind="recent_predecessor"}': 1,
      'auth_session_revocations_total{reason="reuse_detected"}': 1,
      'auth_session_revocations_total{reason="logout"}': 1,
    };
    expect(samples(text, counted)).toEqual(counted);

    // Per instance: B shares the database, not A's counters.
    const onB = await scrape(b);
    expect(sample(onB, 'auth_logins_total{outcome="success"}')).toBe(0);
    expect(sample(onB, 'auth_refreshes_total')).toBe(0);
  });

  it('counts a lockout once, when the failures reach LOGIN_MAX_FAILURES', async () => {
    const attempt = () => b.request().post('/api/token/').send({ username: 'mallory', password: 'guess-guess' });
    for (let i = 0; i < 5; i++) await attempt().expect(401);
    await attempt().expect(429);
    const text = await scrape(b);
    expect(sample(text, 'auth_lockouts_total')).toBe(1);
    expect(sample(text, 'auth_logins_total{outcome="failure"}')).toBe(5);
  });

  it('labels latency by route pattern, never by the raw URL', async () => {
    await b.request().get('/api/admin/users/4711').expect(401);
    await b.request().get('/api/admin/users/4712').expect(401);
    await b.request().get('/no/such/path/4713').expect(404);
    const text = await scrape(b);
    expect(
      sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/admin/users/:id",status_code="401"}'),
    ).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}')).toBe(
      1,
    );
    expect(
      sample(
        text,
        'http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/admin/users/:id",status_code="401"}',
      ),
    ).toBe(2);
    // Only label values: a process gauge (memory bytes, CPU seconds) may contain the digits by chance.
    expect(text).not.toMatch(/="[^"]*471[123][^"]*"/);
  });
});
