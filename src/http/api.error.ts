/** The stable `code`s of API.md section 3, each with the status it always answers with. */
export const ERROR_STATUS = {
  no_active_account: 401,
  token_not_valid: 401,
  bad_authorization_header: 401,
  not_authenticated: 401,
  parse_error: 400,
  invalid_request: 400,
  invalid_scope: 400,
  permission_denied: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  last_staff: 409,
  not_acceptable: 406,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  throttled: 429,
  server_error: 500,
  service_unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorExtra = Record<string, unknown>;

/**
 * An expected failure with a stable code. Services throw these without knowing about HTTP;
 * `ApiExceptionFilter` turns them into DRF-style `{detail, code, ...extra}` bodies.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: ErrorExtra = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static notAuthenticated(): ApiError {
    return new ApiError('not_authenticated', 'Authentication credentials were not provided.');
  }

  static notFound(): ApiError {
    return new ApiError('not_found', 'Not found.');
  }

  static permissionDenied(): ApiError {
    return new ApiError('permission_denied', 'You do not have permission to perform this action.');
  }

  static serviceUnavailable(): ApiError {
    return new ApiError('service_unavailable', 'Service temporarily unavailable.');
  }

  static throttled(retryAfterSeconds: number): ApiError {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new ApiError(
      'throttled',
      `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      {},
      { 'Retry-After': String(seconds) },
    );
  }
}
