import { CharField } from '../../common/char-field.decorator';
import { BooleanField, EmailField, ScopesField } from '../../common/drf-fields.decorator';

/** PATCH: every field optional; a new password or a deactivation ends the user's sessions. */
export class UpdateUserDto {
  @EmailField()
  email?: string;

  @BooleanField()
  is_staff?: boolean;

  @BooleanField()
  is_active?: boolean;

  @ScopesField()
  scopes?: string[];

  @CharField({ trim: false, required: false })
  password?: string;
}
