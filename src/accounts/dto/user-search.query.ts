import { ApiPropertyOptional } from '@nestjs/swagger';
import { CharField } from '../../drf/char-field.decorator';

export class UserSearchQuery {
  @ApiPropertyOptional({ description: 'Part of a username or e-mail address.', example: 'ali', maxLength: 150 })
  @CharField({ required: false, allowBlank: true, maxLength: 150 })
  search?: string;
}
