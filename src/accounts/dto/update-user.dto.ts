import { ApiPropertyOptional } from '@nestjs/swagger';
import { CharField } from '../../drf/char-field.decorator';
import { BooleanField, EmailField, ScopesField } from '../../drf/drf-fields.decorator';

/** PATCH: every field optional; a new password or a deactivation ends the user's sessions. */
export class UpdateUserDto {
  @ApiPropertyOptional({ format: 'email', example: 'bob@example.com', description: 'Blank clears it.' })
  @EmailField()
  email?: string;

  @ApiPropertyOptional()
  @BooleanField()
  is_staff?: boolean;

  @ApiPropertyOptional({ description: 'false revokes every session of the user.', example: false })
  @BooleanField()
  is_active?: boolean;

  @ApiPropertyOptional({ type: [String], example: ['read:messages', 'write:messages'] })
  @ScopesField()
  scopes?: string[];

  @ApiPropertyOptional({ format: 'password', description: 'A new password revokes every session of the user.' })
  @CharField({ trim: false, required: false })
  password?: string;
}
