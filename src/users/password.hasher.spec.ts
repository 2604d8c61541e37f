import bcrypt from 'bcrypt';
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

  describe('the cost of a failed login', () => {
    // Counting bcrypt comparisons shows, without a stopwatch, that every failure costs the same.
    let comparisons: jest.SpiedFunction<typeof bcrypt.compare>;
    beforeEach(() => {
      comparisons = jest.spyOn(bcrypt, 'compare');
    });
    afterEach(() => comparisons.mockRestore());

    async function comparisonsFor(hasherOf: PasswordHasher, password: string, hash: string | null) {
      comparisons.mockClear();
      const verified = await hasherOf.verify(password, hash);
      return { verified, comparisons: comparisons.mock.calls.length };
    }

    it('compares unknown users against a dummy hash of the configured cost', async () => {
      const costlier = await hasher(5);
      expect(await comparisonsFor(costlier, 'whatever', null)).toEqual({ verified: false, comparisons: 1 });
      expect(comparisons.mock.calls[0][1]).toMatch(/^\$2[abxy]?\$05\$/);
    });

    it('runs one comparison against a hash of the configured cost, matching or not', async () => {
      const hash = await passwords.hash('right-password');
      expect(await comparisonsFor(passwords, 'right-password', hash)).toEqual({ verified: true, comparisons: 1 });
      expect(await comparisonsFor(passwords, 'wrong-password', hash)).toEqual({ verified: false, comparisons: 1 });
    });

    it('adds one against the dummy hash when a hash of lower cost, or none of bcrypt, fails', async () => {
      const costlier = await hasher(5);
      const cheap = await passwords.hash('right-password');
      expect(await comparisonsFor(costlier, 'wrong-password', cheap)).toEqual({ verified: false, comparisons: 2 });
      expect(comparisons.mock.calls[1][1]).toMatch(/^\$2[abxy]?\$05\$/);
      expect(await comparisonsFor(costlier, 'right-password', cheap)).toEqual({ verified: true, comparisons: 1 });
      expect(await comparisonsFor(costlier, 'wrong-password', 'not a bcrypt hash')).toEqual({
        verified: false,
        comparisons: 2,
      });
    });
  });

  it('reads the cost of every bcrypt prefix, and only at the start of the hash', () => {
    const salt = '.'.repeat(53);
    expect(passwords.needsRehash(`$2$04$${salt}`)).toBe(false);
    expect(passwords.needsRehash(`$2y$04$${salt}`)).toBe(false);
    expect(passwords.needsRehash(`x$2b$04$${salt}`)).toBe(true);
    expect(passwords.needsRehash('not a bcrypt hash')).toBe(true);
  });

  it('asks for a rehash exactly when the cost differs from BCRYPT_ROUNDS', async () => {
    const costlier = await hasher(5);
    expect(passwords.needsRehash(await passwords.hash('pw-of-cost-4'))).toBe(false);
    expect(passwords.needsRehash(await costlier.hash('pw-of-cost-5'))).toBe(true);
    expect(costlier.needsRehash(await passwords.hash('pw-of-cost-4'))).toBe(true);
  });
});
