import { ApiFailure, ErrorBody, SessionEnded } from './api.failure.js';

export interface Claims {
  user_id: number;
  name: string;
  is_staff: boolean;
  sid: string;
  exp: number;
  iat: number;
}

function claimsOf(token: string): Claims {
  const payload = token.split('.')[1] ?? '';
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Claims;
}

async function readBody(response: Response): Promise<ErrorBody> {
  const text = await response.text();
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as ErrorBody) : { detail: String(parsed) };
  } catch {
    return { detail: `The service answered with HTTP ${response.status}.` };
  }
}

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiFailure(0, {});
  }
}

async function parse<T>(response: Response): Promise<T> {
  const body = await readBody(response);
  if (!response.ok) throw new ApiFailure(response.status, body, response.headers.get('Retry-After'));
  return body as T;
}

/**
 * Token routes in cookie mode for this request, whatever the server's default: the refresh
 * token stays in the HttpOnly cookie, and `X-Requested-With` proves the request comes from a
 * page script (a cross-site form cannot set it).
 */
const COOKIE_MODE: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json',
  'X-Requested-With': 'XMLHttpRequest',
  'X-Refresh-Cookie': 'true',
};

/** Never renew closer than this to expiry, nor sooner than this after issue. */
const RENEW_MARGIN_SECONDS = 30;
const RENEW_MIN_SECONDS = 1;

/**
 * The signed-in admin: the access token lives in this object only (never in storage), the
 * refresh token only in the cookie the browser keeps and page scripts cannot read. The access
 * token is renewed before it expires, and once more whenever the API refuses it.
 */
export class Session {
  private access: string | null = null;
  private current: Claims | null = null;
  private timer: number | undefined;
  private renewing: Promise<boolean> | null = null;

  /** Called when the session ends without the admin asking (revoked elsewhere, expired). */
  onEnded: (message: string) => void = () => undefined;

  get claims(): Claims | null {
    return this.current;
  }

  async signIn(username: string, password: string): Promise<Claims> {
    const response = await send('/api/token/', {
      method: 'POST',
      headers: COOKIE_MODE,
      body: JSON.stringify({ username, password }),
    });
    return this.adopt((await parse<{ access: string }>(response)).access);
  }

  /** Picks up a session kept in the cookie (a reload); null when there is none. */
  async resume(): Promise<Claims | null> {
    return (await this.renew()) ? this.current : null;
  }

  /** Ends the session on the server too, so that its refresh token is worthless from now on. */
  async signOut(): Promise<void> {
    this.forget();
    try {
      await send('/api/token/blacklist/', { method: 'POST', headers: COOKIE_MODE, body: '{}' });
    } catch {
      // The page forgets the session whatever the server answers.
    }
  }

  /** Forgets the session on this page only (the server already ended it). */
  forget(): void {
    this.access = null;
    this.current = null;
    window.clearTimeout(this.timer);
  }

  /** An admin API call with the access token; one renewal and retry when it was refused. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (!this.access) throw this.end();
    let response = await this.authorized(method, path, body);
    if (response.status === 401) {
      if (!(await this.renew())) throw this.end();
      response = await this.authorized(method, path, body);
      if (response.status === 401) throw this.end();
    }
    return parse<T>(response);
  }

  private authorized(method: string, path: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.access ?? ''}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  private end(): SessionEnded {
    const wasSignedIn = this.access !== null;
    this.forget();
    this.onEnded(wasSignedIn ? 'Your session has ended (signed out or revoked elsewhere). Sign in again.' : '');
    return new SessionEnded();
  }

  /** One renewal at a time: two at once would present the same refresh token twice, which is theft. */
  private renew(): Promise<boolean> {
    this.renewing ??= this.exchange().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async exchange(): Promise<boolean> {
    try {
      const response = await send('/api/token/refresh/', { method: 'POST', headers: COOKIE_MODE, body: '{}' });
      this.adopt((await parse<{ access: string }>(response)).access);
      return true;
    } catch (failure) {
      // Only a refusal ends the session; an unreachable or unavailable service is retried later.
      if (failure instanceof ApiFailure && (failure.status === 0 || failure.status >= 500)) {
        if (this.access) this.schedule(RENEW_MARGIN_SECONDS);
        throw failure;
      }
      return false;
    }
  }

  private adopt(access: string): Claims {
    this.access = access;
    this.current = claimsOf(access);
    // From the token's own lifetime, not the clocks: the browser's may be off.
    const lifetime = this.current.exp - this.current.iat;
    this.schedule(Math.max(RENEW_MIN_SECONDS, Math.min(lifetime - RENEW_MARGIN_SECONDS, lifetime * 0.8)));
    return this.current;
  }

  private schedule(seconds: number): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => {
      this.renew().then(
        (renewed) => {
          if (!renewed) this.end();
        },
        () => undefined,
      );
    }, seconds * 1000);
  }
}
