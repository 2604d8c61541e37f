import { TokenError } from '../http/token.error';
import { checkClaims } from './token.claims';

const VALID = {
  token_type: 'access',
  exp: 2000000000,
  jti: 'f'.repeat(32),
  user_id: 7,
  sid: 'a'.repeat(32),
};

function reason(payload: unknown, expected?: Parameters<typeof checkClaims>[1]): string {
  try {
    checkClaims(payload, expected);
    return 'ok';
  } catch (error) {
    return (error as TokenError).reason;
  }
}

const without = (name: string): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...VALID };
  delete copy[name];
  return copy;
};

describe('checkClaims', () => {
  it('accepts our claims and normalises a numeric string user_id', () => {
    expect(checkClaims({ ...VALID, user_id: '7' }).user_id).toBe(7);
  });

  it('checks in SimpleJWT order, with its messages', () => {
    expect(reason({ ...without('exp'), token_type: undefined })).toBe("Token has no 'exp' claim");
    expect(reason(without('token_type'))).toBe('Token has no type');
    expect(reason(VALID, ['refresh'])).toBe('Token has wrong type');
    expect(reason({ ...VALID, token_type: 'id' })).toBe('Token has wrong type');
    expect(reason(without('jti'))).toBe('Token has no id');
    expect(reason({ ...VALID, jti: 5 })).toBe('Token has no id');
    expect(reason(without('user_id'))).toBe('Token contained no recognizable user identification');
    expect(reason(without('sid'))).toBe('Token contained no recognizable session');
  });

  it.each(['7', '007', '999999999999999', 2 ** 53 - 1])('accepts user_id %j', (userId) => {
    expect(checkClaims({ ...VALID, user_id: userId }).user_id).toBe(Number(userId));
  });

  it.each([
    0,
    '0',
    -1,
    '-1',
    1.5,
    '1.5',
    '1e3',
    '',
    'abc',
    ' 7',
    '7 ',
    '7\n',
    '0x1f',
    null,
    true,
    {},
    [7],
    ['7'],
    2 ** 60,
  ])('refuses user_id %j', (userId) => {
    expect(reason({ ...VALID, user_id: userId })).toBe('Token contained no recognizable user identification');
  });

  it('refuses a numeric string of 16 digits even where the number would be safe', () => {
    expect(Number.isSafeInteger(1000000000000000)).toBe(true);
    expect(reason({ ...VALID, user_id: '1000000000000000' })).toBe(
      'Token contained no recognizable user identification',
    );
  });

  it('accepts the types the caller expects and an id of one character', () => {
    expect(reason(VALID, ['refresh', 'access'])).toBe('ok');
    expect(reason({ ...VALID, token_type: 'sliding' })).toBe('ok');
    expect(reason({ ...VALID, token_type: 'refresh' })).toBe('ok');
    expect(reason({ ...VALID, jti: 'x' })).toBe('ok');
    expect(reason({ ...VALID, jti: '' })).toBe('Token has no id');
  });

  it.each(['../etc', 'A'.repeat(32), 'a'.repeat(31), 'a'.repeat(33), `x${'a'.repeat(32)}`, `${'a'.repeat(32)}\n`, 42])(
    'refuses sid %j',
    (sid) => {
      expect(reason({ ...VALID, sid })).toBe('Token contained no recognizable session');
    },
  );

  it('refuses payloads that are not objects', () => {
    expect(reason('a string')).toBe('Token is invalid or expired');
    expect(reason(null)).toBe('Token is invalid or expired');
  });
});
