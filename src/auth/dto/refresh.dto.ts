import { ApiProperty } from '@nestjs/swagger';
import { CharField } from '../../drf/char-field.decorator';

/** Body of refresh and blacklist, as in SimpleJWT. */
export class RefreshDto {
  @ApiProperty({
    description: 'A refresh token.',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2ln',
  })
  @CharField()
  refresh!: string;
}
