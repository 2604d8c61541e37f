import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api.error';
import { FieldErrors } from '../drf/field.errors';
import { OAuthError } from './oauth.error';
import { isDatabaseConflict, isDatabaseUnavailable } from '../common/database-unavailable';

const ROUTABLE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** A known path asked with another method is 405 with `Allow`, before any authentication. */
function methodNotAllowed(request: FastifyRequest): ApiError | null {
  const url = request.url.split('?')[0];
  const allowed = ROUTABLE_METHODS.filter((method) => request.server.findRoute({ method, url }) !== null);
  // A route of this very method answered 404 itself (a static file that is not there): not a 405.
  const own = request.method === 'HEAD' ? 'GET' : request.method;
  if (allowed.length === 0 || allowed.includes(own)) return null;
  if (allowed.includes('GET')) allowed.push('HEAD');
  allowed.push('OPTIONS');
  return new ApiError(
    'method_not_allowed',
    `Method "${request.method}" not allowed.`,
    {},
    { Allow: allowed.join(', ') },
  );
}

function contentTypeOf(request: FastifyRequest): string {
  return String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
}

/**
 * Framework errors: Nest's 404 for unknown routes, and Fastify's body-parser failures, which
 * Nest hands over as HttpExceptions carrying only a status and a message.
 */
function fromHttpException(exception: HttpException, request: FastifyRequest): ApiError {
  const status = exception.getStatus();
  if (status === 400) return new ApiError('parse_error', `JSON parse error - ${exception.message}`);
  return fromStatus(status, request);
}

function fromStatus(status: number, request: FastifyRequest): ApiError {
  switch (status) {
    case 404:
      return methodNotAllowed(request) ?? ApiError.notFound();
    case 400:
      return new ApiError('parse_error', 'Malformed request.');
    case 413:
      return new ApiError('payload_too_large', 'Request body is too large.');
    case 415:
      return new ApiError('unsupported_media_type', `Unsupported media type "${contentTypeOf(request)}" in request.`);
    case 431:
      return new ApiError('headers_too_large', 'Request header fields are too large.');
    case 401:
      return ApiError.notAuthenticated();
    case 403:
      return ApiError.permissionDenied();
    default:
      return new ApiError('server_error', 'A server error occurred.');
  }
}

/**
 * Fastify plugins fail with plain errors that carry their HTTP status (`statusCode`, or
 * `status` from @fastify/send, e.g. 403 for a path that climbs out of a static root).
 */
function clientErrorStatus(exception: unknown): number | null {
  if (!(exception instanceof Error)) return null;
  const { statusCode, status } = exception as Error & { statusCode?: unknown; status?: unknown };
  const code = typeof statusCode === 'number' ? statusCode : status;
  return typeof code === 'number' && code >= 400 && code < 500 ? code : null;
}

function isHealthReport(exception: unknown): exception is HttpException {
  if (!(exception instanceof HttpException) || exception.getStatus() !== 503) return false;
  const body = exception.getResponse();
  return typeof body === 'object' && body !== null && 'status' in body && 'details' in body;
}

/**
 * The one place where failures become HTTP: typed errors, DRF field errors, framework and
 * body-parser errors. Everything is JSON; nothing unexpected leaks its message.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();

    if (exception instanceof FieldErrors) {
      void reply.status(400).send(exception.fields);
      return;
    }
    if (exception instanceof OAuthError) {
      // RFC 6749 section 5.1/5.2: token endpoint answers are never cached, errors included.
      void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
      void reply.status(exception.status).send({ error: exception.error, error_description: exception.description });
      return;
    }
    if (isHealthReport(exception)) {
      // @nestjs/terminus reports a failed check in its own documented format.
      void reply.status(503).send(exception.getResponse());
      return;
    }
    const error = this.toApiError(exception, request);
    for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
    if (error.status === 401) void reply.header('WWW-Authenticate', 'Bearer realm="api"');
    void reply.status(error.status).send({ detail: error.detail, code: error.code, ...error.extra });
  }

  private toApiError(exception: unknown, request: FastifyRequest): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof HttpException) return fromHttpException(exception, request);
    const status = clientErrorStatus(exception);
    if (status !== null) return fromStatus(status, request);
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return ApiError.serviceUnavailable();
    }
    if (isDatabaseConflict(exception)) {
      // Still conflicting after the bounded retries: a burst on one row, over in a moment.
      this.logger.warn(`database conflict after retries: ${(exception as Error).message}`);
      return ApiError.serviceUnavailable(1);
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return new ApiError('server_error', 'A server error occurred.');
  }
}
