import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config.error';
import { parseDuration } from './duration';
import { EnvironmentVariables, JwtAlgorithm, validateEnvironment } from './environment';
import { resolveSigningKey, resolveVerifyingKeys } from './signing-key';

export interface HttpSettings {
  port: number;
  host: string;
  trustProxy: boolean;
  production: boolean;
  /** The external base URL (`https://auth.example.com`, no trailing slash); unset: the request's own. */
  publicUrl?: string;
}

export interface DatabaseSettings {
  type: 'sqlite' | 'mysql';
  /** `mysql://...` for MySQL/MariaDB; a file path or `:memory:` for SQLite. */
  url: string;
  connectTimeoutSeconds: number;
  migrateOnStart: boolean;
  /** Bound on one statement (MySQL/MariaDB); on a cluster it must exceed the failover pause. */
  statementTimeoutMs: number;
}

export interface TokenSettings {
  algorithm: JwtAlgorithm;
  /** HMAC secret or PEM private key, already read from `file:` when given so. */
  signingKey: string;
  signingKeyId?: string;
  verifyingKeys: Record<string, string>;
  issuer?: string;
  audience?: string;
  leewaySeconds: number;
  authHeaderTypes: string[];
  accessLifetimeSeconds: number;
  refreshLifetimeSeconds: number;
  rotateRefreshTokens: boolean;
  slidingTokens: boolean;
  slidingLifetimeSeconds: number;
  slidingRefreshLifetimeSeconds: number;
}

export interface SessionSettings {
  maxLifetimeSeconds: number;
  maxPerUser: number;
  reuseGraceSeconds: number;
  revocationSyncIntervalMs: number;
  /** Past this age of the last successful revocation sync, the instance is not ready. */
  revocationMaxStalenessMs: number;
  /** Then also refuse bearer tokens (503) rather than trust an outdated revocation list. */
  revocationFailClosed: boolean;
  refreshCookie: boolean;
}

export interface LoginSettings {
  bcryptRounds: number;
  maxFailures: number;
  lockoutSeconds: number;
  ipMaxPerMinute: number;
  redisUrl?: string;
}

/** The browser console at /admin/ (src/console/). */
export interface ConsoleSettings {
  enabled: boolean;
}

export interface Settings {
  http: HttpSettings;
  database: DatabaseSettings;
  tokens: TokenSettings;
  sessions: SessionSettings;
  login: LoginSettings;
  console: ConsoleSettings;
  logLevel: string;
}

const DEFAULT_SQLITE_FILE = 'data/auth.sqlite';

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return ['true', '1', 'yes'].includes(value);
}

function duration(env: EnvironmentVariables, name: keyof EnvironmentVariables, fallback: string): number {
  const value = env[name];
  return parseDuration(name, typeof value === 'string' ? value : fallback);
}

/**
 * Only the default ./data/ is created: every other missing directory is more likely a typo than a
 * wish, and creating it (as whoever runs the service) would hide that.
 */
function sqliteFile(path: string): string {
  if (path === ':memory:') return path;
  const directory = dirname(resolve(path));
  if (directory !== resolve(dirname(DEFAULT_SQLITE_FILE)) && !existsSync(directory)) {
    throw new ConfigError('DATABASE_URL', `directory ${directory} does not exist: create it or fix the sqlite: path`);
  }
  return path;
}

/** mysql2 reads the URL with WHATWG rules: `#`, `/`, `?` or `@` in a password break it. */
function mysqlUrl(url: string): string {
  const encode = 'percent-encode special characters in the user and password (@ as %40, # as %23, / as %2F)';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL', `is not a valid URL: ${encode}`);
  }
  if (!parsed.hostname) throw new ConfigError('DATABASE_URL', `has no host: ${encode}`);
  if (parsed.pathname.length <= 1) {
    throw new ConfigError('DATABASE_URL', 'names no database: use mysql://user:password@host:3306/DATABASE');
  }
  return url.replace(/^mariadb:/, 'mysql:');
}

function databaseSettings(env: EnvironmentVariables): DatabaseSettings {
  const url = env.DATABASE_URL;
  const connectTimeoutSeconds = duration(env, 'DB_CONNECT_TIMEOUT', '20s');
  const migrateOnStart = flag(env.DB_MIGRATE_ON_START, true);
  const statementTimeoutMs = duration(env, 'DB_STATEMENT_TIMEOUT', '4s') * 1000;
  const common = { connectTimeoutSeconds, migrateOnStart, statementTimeoutMs };
  if (!url) return { type: 'sqlite', url: DEFAULT_SQLITE_FILE, ...common };
  if (url.startsWith('sqlite:')) {
    return {
      type: 'sqlite',
      url: sqliteFile(url.slice('sqlite:'.length) || DEFAULT_SQLITE_FILE),
      ...common,
    };
  }
  return { type: 'mysql', url: mysqlUrl(url), ...common };
}

/**
 * The service's own address, written into every absolute URL it hands out. Without it in
 * production, those URLs would come from the client's `Host` header, which anyone can forge.
 */
function publicUrl(raw: string | undefined, production: boolean): string | undefined {
  if (raw === undefined) {
    if (production) throw new ConfigError('PUBLIC_URL', 'is required when NODE_ENV=production');
    return undefined;
  }
  const problem = 'must be an absolute http(s) URL without credentials, query or fragment';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', problem);
  }
  const plain = !url.username && !url.password && !url.search && !url.hash && !/[?#]/.test(raw);
  if (!['http:', 'https:'].includes(url.protocol) || !plain) throw new ConfigError('PUBLIC_URL', problem);
  return url.href.replace(/\/+$/, '');
}

/**
 * Reads and validates the whole configuration. Pure apart from the signing key, which may be
 * read from a file or, outside production, generated once under ./data/.
 */
export function loadSettings(raw: Record<string, string | undefined>): Settings {
  const { env, problems } = validateEnvironment(raw);
  const production = env.NODE_ENV === 'production';
  const algorithm = (env.JWT_ALGORITHM ?? 'HS256') as JwtAlgorithm;
  // Each check runs even when another failed, so that every wrong variable is named at once. A
  // check that depends on an invalid variable is skipped; one that fails yields nothing; either
  // way the problems are thrown before anything uses the result.
  function checked<T>(dependsOn: string[], read: () => T): T {
    if (dependsOn.some((name) => problems.some((problem) => problem.variable === name))) return undefined as T;
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error);
      return undefined as T;
    }
  }
  const database = checked(['DATABASE_URL'], () => databaseSettings(env));
  const signingKey = checked(['NODE_ENV', 'JWT_ALGORITHM', 'JWT_SIGNING_KEY'], () =>
    resolveSigningKey(env.JWT_SIGNING_KEY, algorithm, production),
  );
  const verifyingKeys = checked(['JWT_ALGORITHM', 'JWT_VERIFYING_KEYS'], () =>
    resolveVerifyingKeys(env.JWT_VERIFYING_KEYS, algorithm),
  );
  const publicBase = checked(['NODE_ENV', 'PUBLIC_URL'], () => publicUrl(env.PUBLIC_URL, production));
  if (problems.length > 0) throw ConfigError.all(problems);
  return {
    http: {
      port: env.PORT ?? 3000,
      host: env.HOST ?? '0.0.0.0',
      trustProxy: flag(env.TRUST_PROXY, false),
      production,
      publicUrl: publicBase,
    },
    database,
    tokens: {
      algorithm,
      signingKey,
      signingKeyId: env.JWT_SIGNING_KEY_ID,
      verifyingKeys,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      leewaySeconds: duration(env, 'JWT_LEEWAY', '0s'),
      authHeaderTypes: (env.AUTH_HEADER_TYPES ?? 'Bearer').split(' '),
      accessLifetimeSeconds: duration(env, 'ACCESS_TOKEN_LIFETIME', '5m'),
      refreshLifetimeSeconds: duration(env, 'REFRESH_TOKEN_LIFETIME', '1d'),
      rotateRefreshTokens: flag(env.ROTATE_REFRESH_TOKENS, true),
      slidingTokens: flag(env.SLIDING_TOKENS, false),
      slidingLifetimeSeconds: duration(env, 'SLIDING_TOKEN_LIFETIME', '5m'),
      slidingRefreshLifetimeSeconds: duration(env, 'SLIDING_TOKEN_REFRESH_LIFETIME', '1d'),
    },
    sessions: {
      maxLifetimeSeconds: duration(env, 'SESSION_MAX_LIFETIME', '30d'),
      maxPerUser: env.MAX_SESSIONS_PER_USER ?? 50,
      reuseGraceSeconds: duration(env, 'REFRESH_REUSE_GRACE', '0s'),
      revocationSyncIntervalMs: duration(env, 'REVOCATION_SYNC_INTERVAL', '1s') * 1000,
      revocationMaxStalenessMs: duration(env, 'REVOCATION_MAX_STALENESS', '10s') * 1000,
      revocationFailClosed: flag(env.REVOCATION_FAIL_CLOSED, false),
      refreshCookie: flag(env.REFRESH_COOKIE, false),
    },
    login: {
      bcryptRounds: env.BCRYPT_ROUNDS ?? 12,
      maxFailures: env.LOGIN_MAX_FAILURES ?? 5,
      lockoutSeconds: duration(env, 'LOGIN_LOCKOUT', '15m'),
      ipMaxPerMinute: env.LOGIN_IP_MAX_PER_MINUTE ?? 30,
      redisUrl: env.REDIS_URL,
    },
    console: { enabled: flag(env.ADMIN_CONSOLE, true) },
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
