import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { ConfigError } from './config.error';

export const JWT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

const DURATION = /^\s*\d+\s*[smhd]?\s*$/;
const DURATION_MESSAGE = 'must be a duration such as 90s, 5m, 12h, 7d or plain seconds';
const BOOLEAN = ['true', 'false', '1', '0', 'yes', 'no'];
const BOOLEAN_MESSAGE = `must be one of ${BOOLEAN.join(' ')}`;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Every variable the service reads, as raw strings checked once at boot. Parsing into typed
 * settings happens in `settings.ts`; this class only decides whether each value is acceptable.
 */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;

  @IsOptional() @Type(() => Number) @Min(0) @Max(65535) @IsInt() PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @IsString() PUBLIC_URL?: string;
  @IsOptional()
  @Matches(/^(mysql|mariadb|sqlite):/, { message: 'must start with mysql://, mariadb:// or sqlite:' })
  DATABASE_URL?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) DB_CONNECT_TIMEOUT?: string;
  @IsOptional() @IsIn(BOOLEAN, { message: BOOLEAN_MESSAGE }) DB_MIGRATE_ON_START?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) DB_STATEMENT_TIMEOUT?: string;

  @IsOptional()
  @IsIn(JWT_ALGORITHMS, { message: `must be one of ${JWT_ALGORITHMS.join(' ')}` })
  JWT_ALGORITHM?: string;
  @IsOptional() @IsString() JWT_SIGNING_KEY?: string;
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'must be 1-64 characters of A-Z a-z 0-9 . _ -' })
  JWT_SIGNING_KEY_ID?: string;
  @IsOptional() @IsString() JWT_VERIFYING_KEYS?: string;
  @IsOptional() @IsString() JWT_ISSUER?: string;
  @IsOptional() @IsString() JWT_AUDIENCE?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) JWT_LEEWAY?: string;
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9_-]*( [A-Za-z][A-Za-z0-9_-]*)*$/, {
    message: 'must be space-separated header types such as "Bearer JWT"',
  })
  AUTH_HEADER_TYPES?: string;

  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) ACCESS_TOKEN_LIFETIME?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) REFRESH_TOKEN_LIFETIME?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) SESSION_MAX_LIFETIME?: string;
  @IsOptional() @Type(() => Number) @Min(1) @IsInt() MAX_SESSIONS_PER_USER?: number;
  @IsOptional() @IsIn(BOOLEAN, { message: BOOLEAN_MESSAGE }) ROTATE_REFRESH_TOKENS?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) REFRESH_REUSE_GRACE?: string;
  @IsOptional() @IsIn(BOOLEAN, { message: BOOLEAN_MESSAGE }) REFRESH_COOKIE?: string;
  @IsOptional() @IsIn(BOOLEAN, { message: BOOLEAN_MESSAGE }) SLIDING_TOKENS?: string;
  @IsOptional() @IsIn(BOOLEAN, { message: BOOLEAN_MESSAGE }) ADMIN_CONSOLE?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) SLIDING_TOKEN_LIFETIME?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) SLIDING_TOKEN_REFRESH_LIFETIME?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) REVOCATION_SYNC_INTERVAL?: string;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) REVOCATION_MAX_STALENESS?: string;
  @IsOptional() @IsIn(BOOLEAN, { message: BOOLEAN_MESSAGE }) REVOCATION_FAIL_CLOSED?: string;

  @IsOptional() @Type(() => Number) @Min(4) @Max(31) @IsInt() BCRYPT_ROUNDS?: number;
  @IsOptional() @Type(() => Number) @Min(1) @IsInt() LOGIN_MAX_FAILURES?: number;
  @IsOptional() @Matches(DURATION, { message: DURATION_MESSAGE }) LOGIN_LOCKOUT?: string;
  @IsOptional() @Type(() => Number) @Min(1) @IsInt() LOGIN_IP_MAX_PER_MINUTE?: number;
  @IsOptional() @Matches(/^rediss?:\/\//, { message: 'must start with redis:// or rediss://' }) REDIS_URL?: string;
  @IsOptional() @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(' ')}` }) LOG_LEVEL?: string;
  @IsOptional() @IsIn(BOOLEAN, { message: BOOLEAN_MESSAGE }) TRUST_PROXY?: string;
}

/**
 * Validates the raw environment: each variable's first problem, and the environment without
 * the invalid variables, so that the checks that follow can still run on the rest.
 */
export function validateEnvironment(raw: Record<string, unknown>): {
  env: EnvironmentVariables;
  problems: ConfigError[];
} {
  const blankAsUnset = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(EnvironmentVariables, blankAsUnset);
  const problems = validateSync(env, { stopAtFirstError: true }).map((error) => {
    delete env[error.property as keyof EnvironmentVariables];
    const message = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
    return new ConfigError(error.property, message.replace(new RegExp(`^${error.property} `), ''));
  });
  return { env, problems };
}
