import { ConfigError } from './config.error';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const DURATION = /^(\d+)\s*([smhd]?)$/;

/** Parses `90s`, `5m`, `12h`, `7d` or plain seconds into whole seconds. */
export function parseDuration(variable: string, raw: string): number {
  const match = DURATION.exec(raw.trim());
  if (!match) {
    throw new ConfigError(variable, `"${raw}" is not a duration (use e.g. 90s, 5m, 12h, 7d or seconds)`);
  }
  const unit = match[2] || 's';
  return Number(match[1]) * UNIT_SECONDS[unit];
}
