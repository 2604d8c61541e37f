import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/*
 * Response bodies of the /api/token/* endpoints, for the OpenAPI document. The controllers
 * return plain objects of these shapes, exactly SimpleJWT's.
 */

const ACCESS = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2ln';
const REFRESH = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2ln';

export class TokenPairResponse {
  @ApiProperty({ description: 'Refresh token: exchange it at /api/token/refresh/.', example: REFRESH })
  refresh!: string;

  @ApiProperty({ description: 'Access token: `Authorization: Bearer <access>`.', example: ACCESS })
  access!: string;
}

export class RefreshResponse {
  @ApiProperty({ example: ACCESS })
  access!: string;

  @ApiPropertyOptional({
    description: 'The rotated refresh token; absent when ROTATE_REFRESH_TOKENS=false.',
    example: REFRESH,
  })
  refresh?: string;
}

export class SlidingTokenResponse {
  @ApiProperty({ description: 'A sliding token (`token_type: "sliding"`).', example: ACCESS })
  token!: string;
}

/** SimpleJWT answers verify and blacklist with `{}`. */
export class EmptyResponse {}
