import { nowSeconds } from '../common/clock';
import { TOKEN_MESSAGES } from '../http/token.error';
import { SessionState, standingOf } from './rotation.standing';

const NOW = 1_800_000_000;
const at = (seconds: number): Date => new Date(seconds * 1000);
const presented = { sessionId: 's'.repeat(32), userId: 7, jti: 'current' };

function session(changes: Partial<SessionState> = {}): SessionState {
  return {
    userId: 7,
    currentJti: 'current',
    previousJti: 'previous',
    rotatedAt: at(NOW - 5),
    revokedAt: null,
    maxExpiresAt: at(NOW + 3600),
    ...changes,
  };
}

describe('standingOf', () => {
  it('the current jti of a live session is current', () => {
    expect(standingOf(session(), presented, NOW, 0)).toEqual({ kind: 'current' });
  });

  it('no session, or the session of another user, is blacklisted', () => {
    expect(standingOf(null, presented, NOW, 0)).toEqual({ kind: 'dead', message: TOKEN_MESSAGES.blacklisted });
    expect(standingOf(session({ userId: 8 }), presented, NOW, 0)).toEqual({
      kind: 'dead',
      message: TOKEN_MESSAGES.blacklisted,
    });
  });

  it('a revoked session is blacklisted, even for its current jti', () => {
    expect(standingOf(session({ revokedAt: at(NOW - 1) }), presented, NOW, 60)).toEqual({
      kind: 'dead',
      message: TOKEN_MESSAGES.blacklisted,
    });
  });

  it('a session at or past its absolute end is expired, not blacklisted', () => {
    const ended = { kind: 'dead', message: TOKEN_MESSAGES.invalid };
    expect(standingOf(session({ maxExpiresAt: at(NOW) }), presented, NOW, 0)).toEqual(ended);
    expect(standingOf(session({ maxExpiresAt: at(NOW + 1) }), presented, NOW, 0)).toEqual({ kind: 'current' });
  });

  it('the predecessor is in grace up to and including the last second of the window', () => {
    const previous = { ...presented, jti: 'previous' };
    expect(standingOf(session({ rotatedAt: at(NOW - 10) }), previous, NOW, 10)).toEqual({ kind: 'grace' });
    expect(standingOf(session({ rotatedAt: at(NOW - 11) }), previous, NOW, 10)).toEqual({
      kind: 'reuse',
      reuse: 'recent_predecessor',
    });
  });

  describe('on the server clock', () => {
    const previous = { ...presented, jti: 'previous' };
    afterEach(() => jest.useRealTimers());

    // Rotated at some millisecond of a second: the window is counted in whole seconds from it.
    it('keeps the predecessor in grace through the last second of the window, not one second more', () => {
      jest.useFakeTimers({ now: NOW * 1000 + 250 });
      const rotated = session({ rotatedAt: new Date(Date.now()) });
      jest.setSystemTime((NOW + 30) * 1000 + 999);
      expect(standingOf(rotated, previous, nowSeconds(), 30)).toEqual({ kind: 'grace' });
      jest.setSystemTime((NOW + 31) * 1000);
      expect(standingOf(rotated, previous, nowSeconds(), 30)).toEqual({
        kind: 'reuse',
        reuse: 'recent_predecessor',
      });
    });
  });

  it('a predecessor without a rotation time is reuse, whatever the grace', () => {
    const previous = { ...presented, jti: 'previous' };
    expect(standingOf(session({ rotatedAt: null }), previous, NOW, 3600)).toEqual({
      kind: 'reuse',
      reuse: 'recent_predecessor',
    });
  });

  it('without grace the predecessor is reuse at once', () => {
    const previous = { ...presented, jti: 'previous' };
    expect(standingOf(session({ rotatedAt: at(NOW) }), previous, NOW, 0)).toEqual({
      kind: 'reuse',
      reuse: 'recent_predecessor',
    });
  });

  it('any older generation is reuse, whatever the grace', () => {
    expect(standingOf(session(), { ...presented, jti: 'older' }, NOW, 3600)).toEqual({
      kind: 'reuse',
      reuse: 'older_generation',
    });
  });
});
