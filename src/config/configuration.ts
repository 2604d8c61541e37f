import { existsSync } from 'node:fs';
import { loadSettings, Settings } from './settings';

const ENV_FILE = '.env';
let envFileRead = false;

/**
 * `.env` is read once, never overriding the real environment, by every entry point (the server,
 * the CLI and `ormconfig.ts` for the TypeORM CLI).
 */
function readEnvFile(): void {
  if (envFileRead) return;
  envFileRead = true;
  if (existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);
}

let fromEnvironment: Settings | undefined;

/**
 * The settings of this process, parsed once: key files are read and a development key generated
 * at most once. This is the only place that reads `process.env`; an application built in a test
 * is given its settings through the `SETTINGS` provider instead.
 */
export function readSettingsFromEnvironment(): Settings {
  readEnvFile();
  fromEnvironment ??= loadSettings(process.env);
  return fromEnvironment;
}

/** Injection token of the whole `Settings` of one application. */
export const SETTINGS = 'SETTINGS';

/**
 * One part of the settings as a provider of its own, so that a service depends on what it reads.
 * Shaped like `registerAs` (a function with `KEY`), so `ConfigType<typeof slice>` types it.
 */
function slice<T>(name: string, pick: (settings: Settings) => T): ((settings: Settings) => T) & { KEY: string } {
  return Object.assign((settings: Settings) => pick(settings), { KEY: `CONFIGURATION(${name})` });
}

export const httpConfig = slice('http', (settings) => settings.http);
export const databaseConfig = slice('database', (settings) => settings.database);
export const tokensConfig = slice('tokens', (settings) => settings.tokens);
export const sessionsConfig = slice('sessions', (settings) => settings.sessions);
export const loginConfig = slice('login', (settings) => settings.login);
export const consoleConfig = slice('console', (settings) => settings.console);
export const logConfig = slice('log', (settings) => ({ level: settings.logLevel }));

export const ALL_CONFIG = [
  httpConfig,
  databaseConfig,
  tokensConfig,
  sessionsConfig,
  loginConfig,
  consoleConfig,
  logConfig,
];
