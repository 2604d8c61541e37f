import supertest from 'supertest';

/** The documented bodies and shapes, shared by the suites that assert them. */
export const NOT_AUTHENTICATED = { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' };
export const PERMISSION_DENIED = {
  detail: 'You do not have permission to perform this action.',
  code: 'permission_denied',
};
export const NOT_FOUND = { detail: 'Not found.', code: 'not_found' };
export const INVALID_PAGE = { detail: 'Invalid page.', code: 'not_found' };
export const BLACKLISTED = { detail: 'Token is blacklisted', code: 'token_not_valid' };
export const BAD_CREDENTIALS = {
  detail: 'No active account found with the given credentials',
  code: 'no_active_account',
};
export const INACTIVE_TOKEN = { detail: 'No active account found for the given token.', code: 'no_active_account' };
export const ACCESS_BLACKLISTED = {
  detail: 'Given token not valid for any token type',
  code: 'token_not_valid',
  messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is blacklisted' }],
};
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const USER_KEYS = ['date_joined', 'email', 'id', 'is_active', 'is_staff', 'last_login', 'scopes', 'username'];
export const SESSION_KEYS = ['created_at', 'current', 'expires_at', 'id', 'ip', 'last_used_at', 'user_agent'];
export const PASSWORD = 'correct-horse-battery';
export const TOO_SHORT = 'This password is too short. It must contain at least 8 characters.';

export interface UserBody {
  id: number;
  username: string;
  email: string;
  is_active: boolean;
  is_staff: boolean;
  scopes: string[];
  last_login: string | null;
  date_joined: string;
}

export interface SessionBody {
  id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export function expectNotAuthenticated(response: supertest.Response): void {
  expect(response.status).toBe(401);
  expect(response.body).toEqual(NOT_AUTHENTICATED);
  expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
}

/** `next`/`previous` are absolute URLs to `path`; returns their query as a plain object. */
export function linkQuery(link: string | null, path: string): Record<string, string> | null {
  if (link === null) return null;
  expect(link.startsWith('http://')).toBe(true);
  const url = new URL(link);
  expect(url.pathname).toBe(path);
  return Object.fromEntries(url.searchParams.entries());
}
