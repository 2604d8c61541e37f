import { Request } from 'autocannon';
import { hash } from 'bcrypt';
import { BenchDatabase } from '../harness/databases';
import { Load, load } from '../harness/load';
import { Run } from '../harness/report';
import { login, seedUsers } from '../harness/seed';

export const CONNECTIONS = 64;
const PASSWORD = 'bench-password-1';

/** One session's chain of refresh tokens, driven by exactly one connection at a time. */
export interface Chain {
  sessionId: string;
  refresh: string;
  exchanged: number;
  failed: number;
  /** Status and body of the last failed exchange. */
  lastFailure?: string;
}

function sessionOf(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sid: string };
  return claims.sid;
}

/** 64 users, each logged in once: 64 sessions, one chain each. */
export async function openChains(db: BenchDatabase, url: string, prefix: string): Promise<Chain[]> {
  const users = await seedUsers(db, prefix, CONNECTIONS, await hash(PASSWORD, 4));
  const chains: Chain[] = [];
  for (const user of users) {
    const { refresh } = await login(url, user.username, PASSWORD);
    chains.push({ sessionId: sessionOf(refresh), refresh, exchanged: 0, failed: 0 });
  }
  return chains;
}

/** Which chain a connection drives; autocannon deep-copies each request per connection. */
interface Slot {
  chain?: number;
}
type RefreshRequest = Request & { slot: Slot };
interface Context {
  chain?: number;
}

/**
 * Every connection takes a chain of its own and always sends that chain's newest refresh
 * token, so each exchange depends on the one before: a lost or doubled rotation breaks the
 * chain and shows up as a 401, or as a generation that differs from the count of 200s.
 * A fixed amount rather than a duration: autocannon then ends each connection after its last
 * answer, where at the end of a duration it drops the exchanges still in flight.
 */
export function exchange(url: string, chains: Chain[], perConnection: number): Promise<Load> {
  let next = 0;
  const request: RefreshRequest = {
    method: 'POST',
    path: '/api/token/refresh/',
    headers: { 'content-type': 'application/json' },
    slot: {},
    setupRequest: (req: Request, context: object) => {
      // The slot object is this connection's own copy, unlike `context`, which autocannon
      // resets before every loop over the request list.
      const slot = (req as RefreshRequest).slot;
      if (slot.chain === undefined) {
        if (next >= chains.length) throw new Error('more connections than chains');
        slot.chain = next++;
      }
      (context as Context).chain = slot.chain;
      return { ...req, body: JSON.stringify({ refresh: chains[slot.chain].refresh }) };
    },
    onResponse: (status: number, body: string, context: object) => {
      const chain = chains[(context as Context).chain ?? -1];
      if (!chain) return;
      if (status === 200) {
        chain.refresh = (JSON.parse(body) as { refresh: string }).refresh;
        chain.exchanged++;
      } else {
        chain.failed++;
        chain.lastFailure = `${status} ${body.slice(0, 120)}`;
      }
    },
  };
  return load({ url, connections: CONNECTIONS, amount: perConnection * CONNECTIONS, requests: [request] });
}

/**
 * None lost or doubled: each session's generation in the database equals the exchanges its
 * connection saw succeed, and the 200s autocannon counted (over every run so far) equal their sum.
 */
export async function auditChains(db: BenchDatabase, chains: Chain[], runs: Load[]): Promise<string[]> {
  const problems: string[] = [];
  const placeholders = chains.map(() => '?').join(', ');
  const rows = await db.query<{ id: string; generation: number | string; revoked_at: string | null }>(
    `SELECT id, generation, revoked_at FROM sessions WHERE id IN (${placeholders})`,
    chains.map((c) => c.sessionId),
  );
  const generations = new Map(rows.map((row) => [row.id, Number(row.generation)]));
  for (const chain of chains) {
    const generation = generations.get(chain.sessionId);
    if (generation !== chain.exchanged) {
      problems.push(`session ${chain.sessionId}: generation ${generation}, ${chain.exchanged} exchanges answered 200`);
    }
    if (chain.failed > 0) {
      problems.push(`session ${chain.sessionId}: ${chain.failed} exchanges failed, the last: ${chain.lastFailure}`);
    }
  }
  const ok = runs.reduce((total, run) => total + (run.statuses['200'] ?? 0), 0);
  const sum = totalExchanges(chains);
  if (ok !== sum) problems.push(`autocannon counted ${ok} 200s, the chains ${sum}`);
  const errors = runs.reduce((total, run) => total + run.errors, 0);
  if (errors > 0) problems.push(`${errors} connection errors`);
  return problems;
}

export function totalExchanges(chains: Chain[]): number {
  return chains.reduce((total, chain) => total + chain.exchanged, 0);
}

export function logProblems(run: Run, scenario: string, problems: string[]): void {
  if (problems.length === 0) return;
  run.broken(scenario, `${problems.length} problems, first: ${problems.slice(0, 3).join('; ')}`);
}
