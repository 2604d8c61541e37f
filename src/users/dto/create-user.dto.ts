import { CharField } from '../../common/char-field.decorator';
import { BooleanField, EmailField, ScopesField } from '../../common/drf-fields.decorator';
import { UsernameField } from './username.field';

export class CreateUserDto {
  @UsernameField()
  username!: string;

  @CharField({ trim: false })
  password!: string;

  @EmailField()
  email?: string;

  @BooleanField()
  is_staff?: boolean;

  @BooleanField()
  is_active?: boolean;

  @ScopesField()
  scopes?: string[];
}
