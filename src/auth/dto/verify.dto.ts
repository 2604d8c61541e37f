import { CharField } from '../../common/char-field.decorator';

export class VerifyDto {
  @CharField()
  token!: string;
}
