import { ApiProperty } from '@nestjs/swagger';
import { Session } from './session.entity';

/** A session as its owner and admins see it: never its token ids. */
export class SessionResponse {
  @ApiProperty({ description: 'The `sid` claim of its tokens.', example: '9f86d081884c7d659a2feaa0c55ad015' })
  id!: string;

  @ApiProperty({ format: 'date-time', example: '2026-01-31T09:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-01-31T10:05:00.000Z' })
  last_used_at!: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When its refresh token expires.',
    example: '2026-02-01T10:05:00.000Z',
  })
  expires_at!: string;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0' })
  user_agent!: string | null;

  @ApiProperty({ description: "Whether the caller's access token belongs to it.", example: true })
  current!: boolean;
}

/** Answer of the "revoke all" routes. */
export class RevokedCountResponse {
  @ApiProperty({ example: 3 })
  revoked!: number;
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
