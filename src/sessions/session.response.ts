import { Session } from './session.entity';

/** A session as its owner and admins see it: never its token ids. */
export interface SessionResponse {
  id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

export function toSessionResponse(session: Session, currentSessionId?: string): SessionResponse {
  return {
    id: session.id,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    ip: session.ip,
    user_agent: session.userAgent,
    current: session.id === currentSessionId,
  };
}
