import { createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { listen, send } from '../../support/raw-http';
import { useTestApp } from '../../support/test-app';

const TRIES = 40;
const WARM_UP = 5;
const TOLERANCE = 0.2;
/** Whole measurements allowed: a real difference fails every one, a noisy neighbour not. */
const ATTEMPTS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

describe.each(databaseTargets())('login timing on $name', (target) => {
  let port: number;
  // Cost 8 makes bcrypt (tens of ms) dominate the rest of a request; no lock may interfere.
  useTestApp(target, { BCRYPT_ROUNDS: '8', LOGIN_MAX_FAILURES: '100000' }, async (app) => {
    await createUser(app, { username: 'timed-user', password: 'the-real-password' });
    port = await listen(app);
  });

  async function timeLogin(username: string): Promise<number> {
    const body = JSON.stringify({ username, password: 'a-wrong-password' });
    const started = process.hrtime.bigint();
    const response = await send(port, 'POST', '/api/token/', { 'content-type': 'application/json' }, body);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    expect(response.status).toBe(401);
    return elapsed;
  }

  /** Interleaved, alternating which goes first, so that drift and bursts hit both alike. */
  async function measure(): Promise<{ unknown: number; wrong: number; spread: number }> {
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < WARM_UP; i++) await Promise.all([timeLogin('nobody-here'), timeLogin('timed-user')]);
    for (let i = 0; i < TRIES; i++) {
      if (i % 2) {
        unknown.push(await timeLogin(`nobody-${i}`));
        wrong.push(await timeLogin('timed-user'));
      } else {
        wrong.push(await timeLogin('timed-user'));
        unknown.push(await timeLogin(`nobody-${i}`));
      }
    }
    const [a, b] = [median(unknown), median(wrong)];
    return { unknown: a, wrong: b, spread: Math.abs(a - b) / Math.max(a, b) };
  }

  it(`takes the same time for an unknown user as for a wrong password (medians within ${TOLERANCE * 100}%)`, async () => {
    const results: Array<{ unknown: number; wrong: number; spread: number }> = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      results.push(await measure());
      if (results[results.length - 1].spread <= TOLERANCE) break;
    }
    const summary = results
      .map((r) => `unknown ${r.unknown.toFixed(1)} ms, wrong password ${r.wrong.toFixed(1)} ms`)
      .join('; ');
    process.stdout.write(`\nlogin timing on ${target.name} (median of ${TRIES}): ${summary}\n`);
    expect(results[results.length - 1].spread).toBeLessThanOrEqual(TOLERANCE);
  });
});
