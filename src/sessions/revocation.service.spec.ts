import { loadSettings, Settings } from '../config/settings';
import { RevocationList } from './revocation.list';
import { RevocationService } from './revocation.service';

const SID = 'a'.repeat(32);

/** The service's pure part: how long a revoked session stays listed. No revocation is written. */
function serviceOf(env: Record<string, string>): { service: RevocationService; list: RevocationList } {
  const settings: Settings = loadSettings({
    JWT_SIGNING_KEY: 'unit-test-signing-key-0123456789abcdef-unit-test-signing-key-01',
    DATABASE_URL: 'sqlite://:memory:',
    ...env,
  });
  const list = new RevocationList();
  return { service: new RevocationService(undefined as never, list, undefined as never, settings.tokens), list };
}

describe('RevocationService retention', () => {
  it('lasts one access lifetime, plus the leeway, plus one second', () => {
    const { service } = serviceOf({ ACCESS_TOKEN_LIFETIME: '300s', JWT_LEEWAY: '5s', SLIDING_TOKEN_LIFETIME: '1h' });
    expect(service.retentionSeconds).toBe(306);
  });

  it('lasts the sliding lifetime when sliding tokens are on and live longer', () => {
    const env = { ACCESS_TOKEN_LIFETIME: '300s', SLIDING_TOKENS: 'true' };
    expect(serviceOf({ ...env, SLIDING_TOKEN_LIFETIME: '1h' }).service.retentionSeconds).toBe(3601);
    expect(serviceOf({ ...env, SLIDING_TOKEN_LIFETIME: '60s' }).service.retentionSeconds).toBe(301);
  });

  it('lists a remembered session until its revocation time plus the retention, in ms', () => {
    const { service, list } = serviceOf({ ACCESS_TOKEN_LIFETIME: '300s' });
    service.remember(SID, 1000);
    list.prune((1000 + 301) * 1000 - 1);
    expect(list.has(SID)).toBe(true);
    list.prune((1000 + 301) * 1000);
    expect(list.has(SID)).toBe(false);
  });
});
