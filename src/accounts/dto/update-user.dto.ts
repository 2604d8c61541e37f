import { ApiPropertyOptional } from '@nestjs/swagger';
import { CharField } from '../../drf/char-field.decorator';
import { BooleanField, EmailField, ScopesField } from '../../drf/drf-fields.decorator';
import { FieldChecks } from '../../drf/field-checks';
import { passwordProblems } from '../../users/password.policy';

/** PATCH: every field optional; a new password or a deactivation ends the user's sessions. */
export class UpdateUserDto implements FieldChecks {
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

  /**
   * The password rules that need no username, so that a weak password is reported with the
   * other invalid fields; the likeness to the username is checked once the user is loaded.
   */
  fieldChecks(valid: (field: string) => boolean): Record<string, string[]> {
    if (this.password === undefined || !valid('password')) return {};
    return { password: passwordProblems(this.password) };
  }
}
