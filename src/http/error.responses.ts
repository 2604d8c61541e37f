import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS } from './api.error';

/*
 * The error bodies clients see, as OpenAPI schemas. Documentation only: the bodies themselves
 * are written by `ApiExceptionFilter` and the OAuth filter.
 */

/** Every DRF-style error: a message and a stable code. */
export class ErrorBody {
  @ApiProperty({ example: 'Not found.' })
  detail!: string;

  @ApiProperty({
    example: 'not_found',
    description: 'Stable machine-readable code; each always answers with the same status.',
    enum: Object.keys(ERROR_STATUS),
  })
  code!: string;
}

export class TokenErrorMessage {
  @ApiProperty({ example: 'AccessToken' })
  token_class!: string;

  @ApiProperty({ example: 'access' })
  token_type!: string;

  @ApiProperty({ example: 'Token is invalid or expired' })
  message!: string;
}

/** SimpleJWT's `token_not_valid` body; `messages` when a bearer token was refused. */
export class TokenErrorBody extends ErrorBody {
  @ApiPropertyOptional({ type: [TokenErrorMessage] })
  messages?: TokenErrorMessage[];
}

/** RFC 6749 section 5.2, for the /oauth endpoints. */
export class OAuthErrorBody {
  @ApiProperty({ enum: ['invalid_request', 'invalid_grant', 'unsupported_grant_type', 'invalid_scope'] })
  error!: string;

  @ApiProperty({ example: 'Token is blacklisted' })
  error_description!: string;
}
