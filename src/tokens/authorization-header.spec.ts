import { ApiError } from '../http/api.error';
import { tokenFromAuthorization } from './authorization-header';

function codeOf(header: string | undefined, types = ['Bearer']): string {
  try {
    return `token:${tokenFromAuthorization(header, types)}`;
  } catch (error) {
    return (error as ApiError).code;
  }
}

describe('tokenFromAuthorization (SimpleJWT header rules)', () => {
  it.each([
    [undefined, 'not_authenticated'],
    ['', 'not_authenticated'],
    ['   ', 'not_authenticated'],
    ['bearer abc', 'not_authenticated'],
    ['JWT abc', 'not_authenticated'],
    ['Basic YWxpY2U6eA==', 'not_authenticated'],
    ['Bearer', 'bad_authorization_header'],
    ['Bearer a b', 'bad_authorization_header'],
    ['Bearer abc', 'token:abc'],
    ['Bearer  abc', 'token:abc'],
    ['Bearer\tabc ', 'token:abc'],
  ])('%j -> %s', (header, expected) => {
    expect(codeOf(header)).toBe(expected);
  });

  it('accepts every configured header type and only those', () => {
    expect(codeOf('JWT abc', ['Bearer', 'JWT'])).toBe('token:abc');
    expect(codeOf('Token abc', ['Bearer', 'JWT'])).toBe('not_authenticated');
  });
});
