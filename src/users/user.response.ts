import { User } from './user.entity';

/** The user object of API.md section 4. Built field by field: no hash can leak. */
export interface UserResponse {
  id: number;
  username: string;
  email: string;
  is_active: boolean;
  is_staff: boolean;
  scopes: string[];
  last_login: string | null;
  date_joined: string;
}

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    is_active: user.isActive,
    is_staff: user.isStaff,
    scopes: user.scopeList,
    last_login: user.lastLogin ? user.lastLogin.toISOString() : null,
    date_joined: user.createdAt.toISOString(),
  };
}
