import { loadSettings } from '../config/settings';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

const T = 1_700_000_000;

/** Only `grantOf`, which reads the session it is given: no database is opened. */
function grantOf(session: Partial<Session>) {
  const settings = loadSettings({
    JWT_SIGNING_KEY: 'unit-test-signing-key-0123456789abcdef-unit-test-signing-key-01',
    DATABASE_URL: 'sqlite://:memory:',
    REFRESH_TOKEN_LIFETIME: '1h',
  });
  const service = new SessionsService(
    undefined as never,
    undefined as never,
    undefined as never,
    settings.tokens,
    settings.sessions,
  );
  return service.grantOf({ id: 's'.repeat(32), userId: 7, currentJti: 'j', ...session } as Session);
}

describe('SessionsService.grantOf', () => {
  it('dates a never rotated session from its creation, for one refresh lifetime', () => {
    expect(
      grantOf({ createdAt: new Date(T * 1000 + 999), rotatedAt: null, maxExpiresAt: new Date((T + 86400) * 1000) }),
    ).toEqual({ sessionId: 's'.repeat(32), userId: 7, jti: 'j', issuedAt: T, expiresAt: T + 3600 });
  });

  it('dates a rotated session from its last rotation, never past its absolute end', () => {
    const session = { createdAt: new Date((T - 600) * 1000), rotatedAt: new Date(T * 1000) };
    expect(grantOf({ ...session, maxExpiresAt: new Date((T + 86400) * 1000) })).toMatchObject({
      issuedAt: T,
      expiresAt: T + 3600,
    });
    expect(grantOf({ ...session, maxExpiresAt: new Date((T + 60) * 1000) })).toMatchObject({
      issuedAt: T,
      expiresAt: T + 60,
    });
  });
});
