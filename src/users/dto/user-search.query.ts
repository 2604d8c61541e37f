import { CharField } from '../../common/char-field.decorator';

export class UserSearchQuery {
  @CharField({ required: false, allowBlank: true, maxLength: 150 })
  search?: string;
}
