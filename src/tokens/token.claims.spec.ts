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

  it.each([0, -1, 1.5, '1e3', '', 'abc', null, true, {}, 2 ** 60])('refuses user_id %j', (userId) => {
    expect(reason({ ...VALID, user_id: userId })).toBe('Token contained no recognizable user identification');
  });

  it.each(['../etc', 'A'.repeat(32), 'a'.repeat(31), 42])('refuses sid %j', (sid) => {
    expect(reason({ ...VALID, sid })).toBe('Token contained no recognizable session');
  });

  it('refuses payloads that are not objects', () => {
    expect(reason('a string')).toBe('Token is invalid or expired');
    expect(reason(null)).toBe('Token is invalid or expired');
  });
});
