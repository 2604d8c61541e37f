import autocannon, { Options, Request, Result } from 'autocannon';

/** What a scenario reads from one autocannon run. */
export interface Load {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  seconds: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
  requests: Request[];
}

function summarise(result: Result, setupSeconds: number): Load {
  const statuses: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stats.count ?? 0;
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  const seconds = result.duration - setupSeconds;
  return {
    requests,
    perSecond: requests / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds,
  };
}

/**
 * One autocannon run from this process (the server runs in another). autocannon starts its
 * clock before it builds every connection's copy of the requests, synchronously: with 64
 * connections and 1,000 distinct requests that takes seconds on this machine, during which
 * nothing is sent. That setup time is measured and taken out of the run's duration.
 */
export function load(options: LoadOptions): Promise<Load> {
  const settings: Options = {
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    // A slow answer on a loaded machine is still an answer; a timeout would break a refresh chain.
    timeout: 30,
    requests: options.requests,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
  };
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let setupSeconds = 0;
    autocannon(settings, (error: unknown, result: Result) => {
      if (error) reject(error instanceof Error ? error : new Error('autocannon failed'));
      else resolve(summarise(result, setupSeconds));
    });
    setupSeconds = (Date.now() - started) / 1000;
  });
}

/** Requests that answered with something else than `expected`, or not at all. */
export function failuresOf(result: Load, expected = 200): number {
  const other = Object.entries(result.statuses)
    .filter(([code]) => Number(code) !== expected)
    .reduce((sum, [, count]) => sum + count, 0);
  return other + result.errors;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * A and B run alternately, `rounds` times each, and the ratio of the medians is kept: on a
 * noisy machine a burst of someone else's work then hits both sides instead of one.
 */
export async function alternate(
  rounds: number,
  a: () => Promise<Load>,
  b: () => Promise<Load>,
): Promise<{ a: Load[]; b: Load[]; ratio: number }> {
  const runsA: Load[] = [];
  const runsB: Load[] = [];
  for (let round = 0; round < rounds; round++) {
    runsA.push(await a());
    runsB.push(await b());
  }
  const ratio = median(runsB.map((r) => r.perSecond)) / median(runsA.map((r) => r.perSecond));
  return { a: runsA, b: runsB, ratio };
}
