import { OAuthError } from '../http/oauth.error';

/** The form (or JSON) parameters of an OAuth request, read as RFC 6749 section 3.2 wants them. */
export type OAuthParams = Record<string, unknown>;

export function asParams(body: unknown): OAuthParams {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as OAuthParams) : {};
}

/** A parameter sent at most once; `undefined` when absent or empty. */
export function optionalParam(params: OAuthParams, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw new OAuthError('invalid_request', `Parameter included more than once: ${name}`);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `Parameter must be a string: ${name}`);
  return value;
}

export function requiredParam(params: OAuthParams, name: string): string {
  const value = optionalParam(params, name);
  if (value === undefined) throw new OAuthError('invalid_request', `Missing required parameter: ${name}`);
  return value;
}
