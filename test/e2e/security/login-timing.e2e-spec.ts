import { createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { listen, send } from '../../support/raw-http';
import { useTestApp } from '../../support/test-app';
import * as bcrypt from 'bcrypt';
import { User } from '../../../src/users/user.entity';

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
    // Hashed before BCRYPT_ROUNDS was raised, and not logged in since (a login would re-hash it).
    const old = await createUser(app, { username: 'old-cost-user', password: 'the-real-password' });
    const passwordHash = await bcrypt.hash('the-real-password', 4);
    await app.dataSource.getRepository(User).update({ id: old.id }, { passwordHash });
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

  interface Medians {
    unknown: number;
    wrong: number;
    oldCost: number;
    spread: number;
  }

  /**
   * Interleaved, rotating which goes first, so that drift and bursts hit all three alike. The
   * spread is the largest difference between two medians, relative to the larger one.
   */
  async function measure(): Promise<Medians> {
    const samples: Record<'unknown' | 'wrong' | 'oldCost', number[]> = { unknown: [], wrong: [], oldCost: [] };
    const kinds = ['unknown', 'wrong', 'oldCost'] as const;
    const nameOf = (kind: (typeof kinds)[number], i: number) =>
      kind === 'unknown' ? `nobody-${i}` : kind === 'wrong' ? 'timed-user' : 'old-cost-user';
    for (let i = 0; i < WARM_UP; i++) await Promise.all(kinds.map((kind) => timeLogin(nameOf(kind, i))));
    for (let i = 0; i < TRIES; i++) {
      for (let k = 0; k < kinds.length; k++) {
        const kind = kinds[(i + k) % kinds.length];
        samples[kind].push(await timeLogin(nameOf(kind, i)));
      }
    }
    const medians = {
      unknown: median(samples.unknown),
      wrong: median(samples.wrong),
      oldCost: median(samples.oldCost),
    };
    const values = Object.values(medians);
    return { ...medians, spread: (Math.max(...values) - Math.min(...values)) / Math.max(...values) };
  }

  it(`fails as slowly for an unknown user as for a wrong password, at the current or an older cost (medians within ${TOLERANCE * 100}%)`, async () => {
    const results: Medians[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      results.push(await measure());
      if (results[results.length - 1].spread <= TOLERANCE) break;
    }
    const summary = results
      .map(
        (r) =>
          `unknown ${r.unknown.toFixed(1)} ms, wrong password ${r.wrong.toFixed(1)} ms, ` +
          `wrong password on an older-cost hash ${r.oldCost.toFixed(1)} ms`,
      )
      .join('; ');
    process.stdout.write(`\nlogin timing on ${target.name} (median of ${TRIES}): ${summary}\n`);
    expect(results[results.length - 1].spread).toBeLessThanOrEqual(TOLERANCE);
  }, 180_000);
});
