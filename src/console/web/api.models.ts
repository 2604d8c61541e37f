/** The admin API's bodies, as the console reads them. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface User {
  id: number;
  username: string;
  email: string;
  is_active: boolean;
  is_staff: boolean;
  scopes: string[];
  last_login: string | null;
  date_joined: string;
}

export interface SessionRow {
  id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

export interface AuditEvent {
  id: number;
  at: string;
  event: string;
  user_id: number | null;
  sid: string | null;
  ip: string | null;
  user_agent: string | null;
  detail: Record<string, unknown>;
}

/** The API's page size when none is asked for. */
export const PAGE_SIZE = 20;

export const AUDIT_EVENTS = [
  'login',
  'login_failed',
  'lockout',
  'refresh',
  'refresh_reuse_detected',
  'logout',
  'session_revoked',
  'password_changed',
  'user_created',
  'user_updated',
  'user_deleted',
];
