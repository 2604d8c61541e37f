import { createSecretKey, randomBytes } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { BenchDatabase } from './databases';
import { BENCH_SIGNING_KEY } from './server';

/** Rows per INSERT and per transaction: big enough to be fast, small enough for any driver. */
const ROWS_PER_INSERT = 500;
const ROWS_PER_TRANSACTION = 100_000;

/** `YYYY-MM-DD HH:MM:SS` in UTC, as TypeORM stores datetimes on both databases. */
export function sqlTime(offsetSeconds: number): string {
  return new Date(Date.now() + offsetSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

async function insertRows(
  db: BenchDatabase,
  table: string,
  columns: string[],
  count: number,
  row: (index: number) => unknown[],
): Promise<void> {
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < count; start += ROWS_PER_TRANSACTION) {
    const end = Math.min(count, start + ROWS_PER_TRANSACTION);
    await db.transaction(async (exec) => {
      for (let offset = start; offset < end; offset += ROWS_PER_INSERT) {
        const size = Math.min(ROWS_PER_INSERT, end - offset);
        const values: unknown[] = [];
        for (let i = 0; i < size; i++) values.push(...row(offset + i));
        const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(size).fill(placeholders).join(', ')}`;
        await exec(sql, values);
      }
    });
  }
}

export interface SeededUser {
  id: number;
  username: string;
}

/** Users named `<prefix>-<n>`, all with the same bcrypt hash. */
export async function seedUsers(db: BenchDatabase, prefix: string, count: number, hash: string): Promise<SeededUser[]> {
  const now = sqlTime(0);
  const columns = ['username', 'email', 'password_hash', 'is_active', 'is_staff', 'scopes', 'created_at', 'updated_at'];
  await insertRows(db, 'users', columns, count, (i) => [`${prefix}-${i}`, '', hash, 1, 0, 'read:messages', now, now]);
  return db.query<SeededUser>('SELECT id, username FROM users WHERE username LIKE ? ORDER BY id', [`${prefix}-%`]);
}

/**
 * Sessions spread over `userIds`, live (expiring in a day) or expired a day ago; each has a
 * random id and jti as real ones do, so that the primary-key index is as scattered as in use.
 */
export async function seedSessions(db: BenchDatabase, userIds: number[], count: number, expired: boolean) {
  const columns = [
    'id',
    'user_id',
    'current_jti',
    'generation',
    'created_at',
    'last_used_at',
    'expires_at',
    'max_expires_at',
  ];
  const created = sqlTime(expired ? -3 * 86400 : -3600);
  const expires = sqlTime(expired ? -86400 : 86400);
  const max = sqlTime(27 * 86400);
  // Inserted in key order: InnoDB then appends to its clustered index instead of splitting pages
  // at random, which took minutes for 1M rows once the table outgrew the buffer pool. The ids
  // are as random as ever; only the table is more compact than one grown by logins.
  const ids = Array.from({ length: count }, () => hex(16)).sort();
  await insertRows(db, 'sessions', columns, count, (i) => [
    ids[i],
    userIds[i % userIds.length],
    hex(16),
    0,
    created,
    created,
    expires,
    max,
  ]);
}

export interface TokenPair {
  access: string;
  refresh: string;
}

export async function login(baseUrl: string, username: string, password: string): Promise<TokenPair> {
  const response = await fetch(`${baseUrl}/api/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login of ${username}: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenPair;
}

/**
 * Access tokens for `count` distinct sessions, signed with the server's key and shaped like
 * `template` (a real one from a login): clients hold many different tokens, so a benchmark that
 * sends one token again and again would measure a cache, not the guard.
 */
export function mintAccessTokens(template: string, count: number): string[] {
  const [, body] = template.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  const key = createSecretKey(Buffer.from(BENCH_SIGNING_KEY, 'utf8'));
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, () =>
    sign({ ...claims, jti: hex(16), sid: hex(16), iat: now, exp: now + 3600 }, key, { algorithm: 'HS256' }),
  );
}
