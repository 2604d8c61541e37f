import { ConfigError } from './config.error';
import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['5m', 300],
    ['12h', 43200],
    ['7d', 604800],
    ['45', 45],
    [' 0s ', 0],
  ])('reads %j as %d seconds', (raw, seconds) => {
    expect(parseDuration('X', raw)).toBe(seconds);
  });

  it.each(['', '5 minutes', '-1s', '1.5h', '5w', 'm'])('refuses %j naming the variable', (raw) => {
    expect(() => parseDuration('ACCESS_TOKEN_LIFETIME', raw)).toThrow(ConfigError);
    expect(() => parseDuration('ACCESS_TOKEN_LIFETIME', raw)).toThrow(/^ACCESS_TOKEN_LIFETIME: /);
  });
});
