import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Metric, Registry } from 'prom-client';
import { LatencyHistogram } from './latency.histogram';

/** Fine enough below 10 ms for guarded reads, up to seconds for bcrypt at a high cost. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Label of requests that matched no route: raw URLs would let any client create series. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The Prometheus metrics of one application instance. Its own `Registry`, never prom-client's
 * global one: several apps live in one process in tests, and each must count only its own.
 * Services call the methods below; nothing here knows about HTTP requests or replies.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly logins = this.counter('auth_logins_total', 'Login attempts with credentials, by outcome.', [
    'outcome',
  ]);
  private readonly refreshes = this.counter(
    'auth_refreshes_total',
    'Refresh tokens exchanged for new tokens (rotations and grace replays).',
  );
  private readonly reuses = this.counter(
    'auth_refresh_reuse_detected_total',
    'Retired refresh tokens presented again (theft): the session was revoked. By kind.',
    ['kind'],
  );
  private readonly revocations = this.counter('auth_session_revocations_total', 'Sessions revoked, by reason.', [
    'reason',
  ]);
  private readonly lockouts = this.counter(
    'auth_lockouts_total',
    'Usernames locked after too many consecutive failed logins.',
  );
  private readonly latency = new LatencyHistogram(
    'http_request_duration_seconds',
    'Time from request to response, by method, route pattern and status code.',
    LATENCY_BUCKETS,
  );

  constructor() {
    // Series that exist from the start, so that rate() and alerts see a 0 rather than nothing.
    for (const outcome of ['success', 'failure']) this.logins.inc({ outcome }, 0);
    for (const kind of ['recent_predecessor', 'older_generation']) this.reuses.inc({ kind }, 0);
    this.registry.registerMetric(this.latency as unknown as Metric);
    collectDefaultMetrics({ register: this.registry });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  loginSucceeded(): void {
    this.logins.inc({ outcome: 'success' });
  }

  loginFailed(): void {
    this.logins.inc({ outcome: 'failure' });
  }

  refreshed(): void {
    this.refreshes.inc();
  }

  reuseDetected(kind: string): void {
    this.reuses.inc({ kind });
  }

  sessionRevoked(reason: string): void {
    this.revocations.inc({ reason });
  }

  lockedOut(): void {
    this.lockouts.inc();
  }

  /** `route` is the route pattern (`/api/admin/users/:id`) or `UNMATCHED_ROUTE`, never a raw URL. */
  requestServed(method: string, route: string, statusCode: number, seconds: number): void {
    this.latency.observe(method, route, statusCode, seconds);
  }

  /** The exposition text of every metric of this instance. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
