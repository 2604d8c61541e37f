import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CharField } from '../../drf/char-field.decorator';
import { BooleanField, EmailField, ScopesField } from '../../drf/drf-fields.decorator';
import { FieldChecks } from '../../drf/field-checks';
import { passwordProblems } from '../../users/password.policy';
import { UsernameField } from '../../users/username.field';

export class CreateUserDto implements FieldChecks {
  @ApiProperty({ example: 'bob', maxLength: 150, pattern: '^[\\w.@+-]+$' })
  @UsernameField()
  username!: string;

  @ApiProperty({ format: 'password', example: 'a-long-passphrase', description: 'At most 72 bytes (bcrypt).' })
  @CharField({ trim: false })
  password!: string;

  @ApiPropertyOptional({ format: 'email', example: 'bob@example.com' })
  @EmailField()
  email?: string;

  @ApiPropertyOptional({ default: false })
  @BooleanField()
  is_staff?: boolean;

  @ApiPropertyOptional({ default: true })
  @BooleanField()
  is_active?: boolean;

  @ApiPropertyOptional({
    type: [String],
    example: ['read:messages'],
    description: 'Also accepted as one space-separated string.',
  })
  @ScopesField()
  scopes?: string[];

  /** The password rules, so that a weak password is reported with the other invalid fields. */
  fieldChecks(valid: (field: string) => boolean): Record<string, string[]> {
    if (!valid('password')) return {};
    return { password: passwordProblems(this.password, valid('username') ? this.username : undefined) };
  }
}
