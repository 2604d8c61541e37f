import { CharField } from '../../common/char-field.decorator';

export class ChangePasswordDto {
  @CharField({ trim: false })
  old_password!: string;

  @CharField({ trim: false })
  new_password!: string;
}
