import { registerAs } from '@nestjs/config';
import { existsSync } from 'node:fs';
import { loadSettings, Settings } from './settings';

const ENV_FILE = '.env';
let envFileRead = false;

/**
 * `.env` is read once, never overriding the real environment. ConfigModule does the same for
 * the app; this covers the entry points without it (`ormconfig.ts` for the TypeORM CLI).
 */
function readEnvFile(): void {
  if (envFileRead) return;
  envFileRead = true;
  if (existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);
}

/**
 * Settings are recomputed per application instance (cheap), so that tests can create apps with
 * different environments in one process. This is the only place that reads `process.env`.
 */
function current(): Settings {
  readEnvFile();
  return loadSettings(process.env);
}

export function readSettingsFromEnvironment(): Settings {
  return current();
}

export const httpConfig = registerAs('http', () => current().http);
export const databaseConfig = registerAs('database', () => current().database);
export const tokensConfig = registerAs('tokens', () => current().tokens);
export const sessionsConfig = registerAs('sessions', () => current().sessions);
export const loginConfig = registerAs('login', () => current().login);
export const consoleConfig = registerAs('console', () => current().console);
export const logConfig = registerAs('log', () => ({ level: current().logLevel }));

export const ALL_CONFIG = [
  httpConfig,
  databaseConfig,
  tokensConfig,
  sessionsConfig,
  loginConfig,
  consoleConfig,
  logConfig,
];
