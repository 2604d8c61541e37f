import { PasswordHasher } from './password.hasher';
import { BCRYPT_MAX_BYTES } from './password.policy';

type LoginConfig = ConstructorParameters<typeof PasswordHasher>[0];

async function hasher(bcryptRounds = 4): Promise<PasswordHasher> {
  const built = new PasswordHasher({ bcryptRounds } as LoginConfig);
  await built.onModuleInit();
  return built;
}

describe('PasswordHasher', () => {
  let passwords: PasswordHasher;
  beforeAll(async () => {
    passwords = await hasher();
  });

  it('verifies the password it hashed, and no other', async () => {
    const hash = await passwords.hash('correct-horse-battery');
    expect(await passwords.verify('correct-horse-battery', hash)).toBe(true);
    expect(await passwords.verify('correct-horse-batterY', hash)).toBe(false);
  });

  it('never verifies against no hash, not even the password of its dummy hash', async () => {
    expect(await passwords.verify('dummy password that never matches', null)).toBe(false);
    expect(await passwords.verify('', null)).toBe(false);
  });

  it(`hashes up to ${BCRYPT_MAX_BYTES} bytes and refuses more, counted in UTF-8`, async () => {
    const longest = 'é'.repeat(BCRYPT_MAX_BYTES / 2);
    expect(await passwords.verify(longest, await passwords.hash(longest))).toBe(true);
    await expect(passwords.hash(`${longest}a`)).rejects.toThrow(`passwords over ${BCRYPT_MAX_BYTES} bytes`);
  });

  it('refuses a password over the limit even where bcrypt would ignore the bytes beyond it', async () => {
    const longest = 'x'.repeat(BCRYPT_MAX_BYTES);
    const hash = await passwords.hash(longest);
    expect(await passwords.verify(longest, hash)).toBe(true);
    expect(await passwords.verify(`${longest}y`, hash)).toBe(false);
  });

  it('asks for a rehash exactly when the cost differs from BCRYPT_ROUNDS', async () => {
    const costlier = await hasher(5);
    expect(passwords.needsRehash(await passwords.hash('pw-of-cost-4'))).toBe(false);
    expect(passwords.needsRehash(await costlier.hash('pw-of-cost-5'))).toBe(true);
    expect(costlier.needsRehash(await passwords.hash('pw-of-cost-4'))).toBe(true);
  });
});
