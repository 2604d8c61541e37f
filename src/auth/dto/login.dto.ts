import { ApiProperty } from '@nestjs/swagger';
import { CharField } from '../../drf/char-field.decorator';
import { UsernameLookupField } from '../../users/username.field';

export class LoginDto {
  @ApiProperty({
    example: 'alice',
    description: 'Case-sensitive; surrounding spaces are trimmed and the name NFKC-normalised.',
  })
  @UsernameLookupField()
  username!: string;

  /** Never trimmed: spaces are part of a password. */
  @ApiProperty({ example: 'correct-horse-battery', format: 'password' })
  @CharField({ trim: false })
  password!: string;
}
