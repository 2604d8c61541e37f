import { ApiProperty } from '@nestjs/swagger';
import { User } from '../users/user.entity';

/** The user object of the admin and profile routes. Built field by field: no hash can leak. */
export class UserResponse {
  @ApiProperty({ example: 42 })
  id!: number;

  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: 'alice@example.com', description: 'Empty when none.' })
  email!: string;

  @ApiProperty({ example: true })
  is_active!: boolean;

  @ApiProperty({ example: false })
  is_staff!: boolean;

  @ApiProperty({ type: [String], example: ['read:messages'] })
  scopes!: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-01-31T09:30:00.000Z' })
  last_login!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-01-02T08:00:00.000Z' })
  date_joined!: string;
}

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    is_active: user.isActive,
    is_staff: user.isStaff,
    scopes: user.scopes,
    last_login: user.lastLogin ? user.lastLogin.toISOString() : null,
    date_joined: user.createdAt.toISOString(),
  };
}
