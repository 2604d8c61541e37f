/**
 * Times are kept in whole seconds: JWT `iat`/`exp` are seconds, and MySQL `datetime` columns
 * keep no fraction, so every database compares the same values.
 */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function dateOf(seconds: number): Date {
  return new Date(seconds * 1000);
}

export function secondsOf(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
