/** An error body of the API: `{detail, code}`, or DRF field errors `{field: [messages]}`. */
export type ErrorBody = Record<string, unknown>;

/** A request the API refused, or one that never reached it (status 0). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly retryAfter: string | null = null,
  ) {
    super(typeof body.detail === 'string' ? body.detail : `HTTP ${status}`);
    this.name = 'ApiFailure';
  }

  get code(): string | undefined {
    return typeof this.body.code === 'string' ? this.body.code : undefined;
  }

  /** DRF field errors: every key other than detail/code whose value is a list of messages. */
  get fieldErrors(): Record<string, string[]> {
    const fields: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(this.body)) {
      if (name !== 'detail' && name !== 'code' && Array.isArray(value)) fields[name] = value.map(String);
    }
    return fields;
  }
}

/** Thrown once the session is over; the sign-in form is already on screen by then. */
export class SessionEnded extends Error {
  constructor() {
    super('The session has ended.');
    this.name = 'SessionEnded';
  }
}

/** A refusal a view has already put in words for the reader. */
export class Refusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Refusal';
  }
}

/** What a person should read for a failure the view has no better words for. */
export function describeFailure(failure: unknown): string {
  if (failure instanceof Refusal) return failure.message;
  if (!(failure instanceof ApiFailure)) return 'Something went wrong in the console. Reload the page and try again.';
  const detail = typeof failure.body.detail === 'string' ? failure.body.detail : undefined;
  switch (failure.status) {
    case 0:
      return 'The service cannot be reached. Check the connection and try again.';
    case 401:
      return 'Your session has ended. Sign in again.';
    case 403:
      return detail ?? 'You do not have permission to perform this action.';
    case 404:
      return 'Not found: it may have been deleted in the meantime.';
    case 429: {
      const seconds = Number(failure.retryAfter);
      return Number.isFinite(seconds) && seconds > 0
        ? `Too many attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`
        : 'Too many attempts. Try again later.';
    }
    case 503:
      return 'The service is unavailable right now (its database may be down). Try again in a moment.';
    default: {
      if (detail) return detail;
      const fields = Object.entries(failure.fieldErrors).map(([name, messages]) => `${name}: ${messages.join(' ')}`);
      return fields.length
        ? fields.join(' ')
        : `The service answered with an unexpected error (HTTP ${failure.status}).`;
    }
  }
}
