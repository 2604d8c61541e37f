import { ApiProperty } from '@nestjs/swagger';
import { CharField } from '../../drf/char-field.decorator';

export class VerifyDto {
  @ApiProperty({
    description: 'An access or refresh token.',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2ln',
  })
  @CharField()
  token!: string;
}
