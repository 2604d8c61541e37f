import { AuthenticatedUser } from '../access/authenticated-user';
import { principalOf } from './token.verifier';
import { VerifiedClaims } from './token.claims';
import { VerifiedTokenCache } from './verified-token.cache';

const NOW = 1_800_000_000;

function claimsWith(claims: Partial<VerifiedClaims> = {}): VerifiedClaims {
  return {
    token_type: 'access',
    exp: NOW + 300,
    jti: 'a'.repeat(32),
    user_id: 7,
    sid: 'b'.repeat(32),
    name: 'alice',
    scope: 'read:messages',
    ...claims,
  };
}

/** A cache of users, as the guard keeps it. */
function users(capacity: number): {
  cache: VerifiedTokenCache<AuthenticatedUser>;
  remember(token: string, claims?: Partial<VerifiedClaims>): AuthenticatedUser;
} {
  const cache = new VerifiedTokenCache<AuthenticatedUser>(capacity);
  return {
    cache,
    remember(token, claims = {}) {
      const verified = claimsWith(claims);
      const user = principalOf(verified);
      cache.remember(token, verified, user, NOW);
      return user;
    },
  };
}

describe('VerifiedTokenCache', () => {
  it('answers a remembered token with the same value until its exp', () => {
    const { cache, remember } = users(10);
    const user = remember('token-1');
    expect(cache.lookup('token-1', NOW)).toBe(user);
    expect(cache.lookup('token-1', NOW + 299)).toBe(user);
  });

  it('keys entries by the full token string', () => {
    const { cache, remember } = users(10);
    remember('header.payload.signature');
    expect(cache.lookup('header.payload.signaturX', NOW)).toBeUndefined();
    expect(cache.lookup('header.payload.signature ', NOW)).toBeUndefined();
    expect(cache.lookup('header.payload', NOW)).toBeUndefined();
  });

  it('drops an entry at exp itself, leaving the leeway to the full check', () => {
    const { cache, remember } = users(10);
    remember('token-1', { exp: NOW + 5 });
    expect(cache.lookup('token-1', NOW + 5)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never keeps a token that is already at or past its exp', () => {
    const { cache, remember } = users(10);
    remember('expired', { exp: NOW });
    remember('long-expired', { exp: NOW - 60 });
    expect(cache.size).toBe(0);
  });

  it('never keeps a token with nbf or without a numeric exp', () => {
    const { cache, remember } = users(10);
    remember('with-nbf', { nbf: NOW - 10 });
    remember('string-exp', { exp: String(NOW + 300) as unknown as number });
    expect(cache.size).toBe(0);
  });

  it('stays within its capacity, evicting the oldest entries first', () => {
    const { cache, remember } = users(3);
    for (let i = 0; i < 5; i++) remember(`token-${i}`);
    expect(cache.size).toBe(3);
    expect(cache.lookup('token-0', NOW)).toBeUndefined();
    expect(cache.lookup('token-1', NOW)).toBeUndefined();
    expect(cache.lookup('token-4', NOW)).toBeDefined();
  });

  it('does not evict when a token already present is remembered again', () => {
    const { cache, remember } = users(2);
    remember('token-0');
    remember('token-1');
    remember('token-1');
    expect(cache.lookup('token-0', NOW)).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('stays bounded under many distinct tokens', () => {
    const { cache, remember } = users(100);
    for (let i = 0; i < 10_000; i++) remember(`token-${i}`);
    expect(cache.size).toBe(100);
  });

  it('keeps nothing when its capacity is zero', () => {
    const { cache, remember } = users(0);
    remember('token-0');
    expect(cache.size).toBe(0);
  });

  it('freezes what it shares between requests', () => {
    const { cache, remember } = users(10);
    remember('token-0');
    const user = cache.lookup('token-0', NOW);
    expect(Object.isFrozen(user)).toBe(true);
    expect(Object.isFrozen(user?.claims)).toBe(true);
  });

  it('keeps plain claims too, as TokenService does', () => {
    const cache = new VerifiedTokenCache<VerifiedClaims>(10);
    const claims = claimsWith({ token_type: 'refresh' });
    cache.remember('refresh-token', claims, claims, NOW);
    expect(cache.lookup('refresh-token', NOW)).toBe(claims);
    expect(Object.isFrozen(claims)).toBe(true);
  });
});
