import { ArgumentsHost } from '@nestjs/common';
import { ApiExceptionFilter } from './api-exception.filter';

/** What the filter wrote: status, headers and body. */
function answer(exception: unknown): { status: number; headers: Record<string, string>; body: unknown } {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const reply = {
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    status(code: number) {
      sent.status = code;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ url: '/', method: 'POST', headers: {} }), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  const filter = new ApiExceptionFilter();
  (filter as unknown as { logger: { warn(): void; error(): void } }).logger = { warn() {}, error() {} };
  filter.catch(exception, host);
  return sent;
}

const queryFailed = (code: string, errno: number): Error =>
  Object.assign(new Error('query failed'), { driverError: { code, errno } });

describe('ApiExceptionFilter and database failures', () => {
  it('answers a conflict still standing after the retries (1213) with 503 and Retry-After, not 500', () => {
    const sent = answer(queryFailed('ER_LOCK_DEADLOCK', 1213));
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('1');
    expect(sent.body).toEqual({ detail: 'Service temporarily unavailable.', code: 'service_unavailable' });
  });

  it('answers a Galera node outside the primary component (1047) with 503, not 500', () => {
    const sent = answer(queryFailed('ER_UNKNOWN_COM_ERROR', 1047));
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual({ detail: 'Service temporarily unavailable.', code: 'service_unavailable' });
  });

  it('still answers an unexpected database error with 500', () => {
    expect(answer(queryFailed('ER_PARSE_ERROR', 1064)).status).toBe(500);
  });
});
