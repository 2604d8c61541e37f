import { ApiProperty } from '@nestjs/swagger';
import { CharField } from '../../drf/char-field.decorator';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', example: 'correct-horse-battery' })
  @CharField({ trim: false })
  old_password!: string;

  @ApiProperty({ format: 'password', example: 'a-new-long-passphrase', description: 'At most 72 bytes (bcrypt).' })
  @CharField({ trim: false })
  new_password!: string;
}
