import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiQuery,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ErrorBody, TokenErrorBody } from './error.responses';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../drf/pagination';

/*
 * OpenAPI decorators for the answers many routes share, so that each controller states what is
 * particular to it and the error bodies are described once, as the exception filter writes them.
 */

/** The name of the bearer security scheme in the document. */
export const BEARER = 'bearer';

const FIELD_ERRORS = { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } };

/** 400: DRF field errors (`{"field": ["message"]}`), or a body that could not be parsed. */
export function ApiFieldErrors(example: Record<string, string[]>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorBody),
    ApiResponse({
      status: 400,
      description: 'Field errors, DRF style; or a body that is not valid JSON.',
      schema: { oneOf: [FIELD_ERRORS, { $ref: getSchemaPath(ErrorBody) }] },
      examples: {
        fields: { summary: 'Field errors', value: example },
        parse_error: {
          summary: 'Malformed JSON',
          value: { detail: 'JSON parse error - Unexpected end of JSON input', code: 'parse_error' },
        },
      },
    }),
  );
}

/** The body as JSON or as a form, as SimpleJWT accepts both; any other media type is 415. */
export function ApiJsonOrFormBody(type: Type<unknown>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiConsumes('application/json', 'application/x-www-form-urlencoded'),
    ApiBody({ type }),
    ApiResponse({
      status: 415,
      type: ErrorBody,
      example: { detail: 'Unsupported media type "text/plain" in request.', code: 'unsupported_media_type' },
    }),
  );
}

/** Needs `Authorization: Bearer <access>`; 401 without one or with a bad one. */
export function ApiBearer(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(BEARER),
    ApiResponse({
      status: 401,
      type: TokenErrorBody,
      description: 'No, or no valid, access token. Carries `WWW-Authenticate: Bearer realm="api"`.',
      examples: {
        not_authenticated: {
          summary: 'No Authorization header',
          value: { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' },
        },
        token_not_valid: {
          summary: 'Expired, revoked or forged token',
          value: {
            detail: 'Given token not valid for any token type',
            code: 'token_not_valid',
            messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid or expired' }],
          },
        },
      },
    }),
  );
}

/** Staff only (`is_staff`): 403 for everyone else. */
export function ApiStaff(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearer(),
    ApiResponse({
      status: 403,
      type: ErrorBody,
      example: { detail: 'You do not have permission to perform this action.', code: 'permission_denied' },
    }),
  );
}

export function ApiNotFound(detail = 'Not found.'): MethodDecorator & ClassDecorator {
  return ApiResponse({ status: 404, type: ErrorBody, example: { detail, code: 'not_found' } });
}

/** 409: the change would leave no active staff account. */
export function ApiLastStaff(): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status: 409,
    type: ErrorBody,
    example: { detail: 'The last active staff account cannot be removed.', code: 'last_staff' },
  });
}

/** 429 with `Retry-After`: per-IP login throttling or a locked username. */
export function ApiThrottled(): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status: 429,
    type: ErrorBody,
    headers: {
      'Retry-After': { description: 'Seconds until a new attempt may succeed.', schema: { type: 'integer' } },
    },
    example: { detail: 'Request was throttled. Expected available in 60 seconds.', code: 'throttled' },
  });
}

/** 503 while the database is unreachable; the service recovers by itself. */
export function ApiUnavailable(): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status: 503,
    type: ErrorBody,
    example: { detail: 'Service temporarily unavailable.', code: 'service_unavailable' },
  });
}

/** DRF's PageNumberPagination: `?page=&page_size=` in, `{count, next, previous, results}` out. */
export function ApiPaginated(model: Type<unknown>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(model),
    ApiQuery({ name: 'page', required: false, description: 'A page number from 1, or `last`.', example: 1 }),
    ApiQuery({
      name: 'page_size',
      required: false,
      description: `Default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}.`,
      schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
    }),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['count', 'next', 'previous', 'results'],
        properties: {
          count: { type: 'integer', example: 42 },
          next: { type: 'string', nullable: true, example: 'http://localhost:3000/api/admin/users?page=3' },
          previous: { type: 'string', nullable: true, example: 'http://localhost:3000/api/admin/users' },
          results: { type: 'array', items: { $ref: getSchemaPath(model) } },
        },
      },
    }),
    ApiNotFound('Invalid page.'),
  );
}
