import { CharField } from '../../common/char-field.decorator';

export class LoginDto {
  @CharField()
  username!: string;

  /** Never trimmed: spaces are part of a password. */
  @CharField({ trim: false })
  password!: string;
}
