import { ConfigType } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { loginConfig, readSettingsFromEnvironment, SETTINGS, tokensConfig } from './configuration';
import { loadSettings } from './settings';
import { SettingsModule } from './settings.module';

const KEY = 'k'.repeat(64);

describe('SettingsModule', () => {
  it('derives every slice from the one SETTINGS value, which a test overrides', async () => {
    const settings = loadSettings({ JWT_SIGNING_KEY: KEY, BCRYPT_ROUNDS: '5' });
    const moduleRef = await Test.createTestingModule({ imports: [SettingsModule.forRoot()] })
      .overrideProvider(SETTINGS)
      .useValue(settings)
      .compile();
    expect(moduleRef.get(tokensConfig.KEY)).toBe(settings.tokens);
    expect(moduleRef.get<ConfigType<typeof loginConfig>>(loginConfig.KEY).bcryptRounds).toBe(5);
  });

  it('parses the environment once per process', () => {
    const saved = process.env.JWT_SIGNING_KEY;
    // A key of its own, so that no development key is generated on disk.
    process.env.JWT_SIGNING_KEY = KEY;
    try {
      expect(readSettingsFromEnvironment()).toBe(readSettingsFromEnvironment());
    } finally {
      if (saved === undefined) delete process.env.JWT_SIGNING_KEY;
      else process.env.JWT_SIGNING_KEY = saved;
    }
  });
});
