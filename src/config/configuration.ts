import { registerAs } from '@nestjs/config';
import { loadSettings, Settings } from './settings';

/**
 * Settings are recomputed per application instance (cheap), so that tests can create apps with
 * different environments in one process. This is the only place that reads `process.env`.
 */
function current(): Settings {
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
export const logConfig = registerAs('log', () => ({ level: current().logLevel }));

export const ALL_CONFIG = [httpConfig, databaseConfig, tokensConfig, sessionsConfig, loginConfig, logConfig];
