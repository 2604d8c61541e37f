import { AuthenticatedUser } from './authenticated-user';
import { VerifiedClaims } from './token.claims';
import { VerifiedTokenCache } from './verified-token.cache';

const NOW = 1_800_000_000;

function userWith(claims: Partial<VerifiedClaims> = {}): AuthenticatedUser {
  return AuthenticatedUser.fromClaims({
    token_type: 'access',
    exp: NOW + 300,
    jti: 'a'.repeat(32),
    user_id: 7,
    sid: 'b'.repeat(32),
    name: 'alice',
    scope: 'read:messages',
    ...claims,
  });
}

describe('VerifiedTokenCache', () => {
  it('answers a remembered token with the same user until its exp', () => {
    const cache = new VerifiedTokenCache(10);
    const user = userWith();
    cache.remember('token-1', user, NOW);
    expect(cache.lookup('token-1', NOW)).toBe(user);
    expect(cache.lookup('token-1', NOW + 299)).toBe(user);
  });

  it('keys entries by the full token string', () => {
    const cache = new VerifiedTokenCache(10);
    cache.remember('header.payload.signature', userWith(), NOW);
    expect(cache.lookup('header.payload.signaturX', NOW)).toBeUndefined();
    expect(cache.lookup('header.payload.signature ', NOW)).toBeUndefined();
    expect(cache.lookup('header.payload', NOW)).toBeUndefined();
  });

  it('drops an entry at exp itself, leaving the leeway to the full check', () => {
    const cache = new VerifiedTokenCache(10);
    cache.remember('token-1', userWith({ exp: NOW + 5 }), NOW);
    expect(cache.lookup('token-1', NOW + 5)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never keeps a token that is already at or past its exp', () => {
    const cache = new VerifiedTokenCache(10);
    cache.remember('expired', userWith({ exp: NOW }), NOW);
    cache.remember('long-expired', userWith({ exp: NOW - 60 }), NOW);
    expect(cache.size).toBe(0);
  });

  it('never keeps a token with nbf or without a numeric exp', () => {
    const cache = new VerifiedTokenCache(10);
    cache.remember('with-nbf', userWith({ nbf: NOW - 10 }), NOW);
    cache.remember('string-exp', userWith({ exp: String(NOW + 300) as unknown as number }), NOW);
    expect(cache.size).toBe(0);
  });

  it('stays within its capacity, evicting the oldest entries first', () => {
    const cache = new VerifiedTokenCache(3);
    for (let i = 0; i < 5; i++) cache.remember(`token-${i}`, userWith(), NOW);
    expect(cache.size).toBe(3);
    expect(cache.lookup('token-0', NOW)).toBeUndefined();
    expect(cache.lookup('token-1', NOW)).toBeUndefined();
    expect(cache.lookup('token-4', NOW)).toBeDefined();
  });

  it('does not evict when a token already present is remembered again', () => {
    const cache = new VerifiedTokenCache(2);
    cache.remember('token-0', userWith(), NOW);
    cache.remember('token-1', userWith(), NOW);
    cache.remember('token-1', userWith(), NOW);
    expect(cache.lookup('token-0', NOW)).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('stays bounded under many distinct tokens', () => {
    const cache = new VerifiedTokenCache(100);
    for (let i = 0; i < 10_000; i++) cache.remember(`token-${i}`, userWith(), NOW);
    expect(cache.size).toBe(100);
  });

  it('keeps nothing when its capacity is zero', () => {
    const cache = new VerifiedTokenCache(0);
    cache.remember('token-0', userWith(), NOW);
    expect(cache.size).toBe(0);
  });

  it('freezes what it shares between requests', () => {
    const cache = new VerifiedTokenCache(10);
    cache.remember('token-0', userWith(), NOW);
    const user = cache.lookup('token-0', NOW);
    expect(Object.isFrozen(user)).toBe(true);
    expect(Object.isFrozen(user?.claims)).toBe(true);
    expect(Object.isFrozen(user?.scopes)).toBe(true);
  });
});
