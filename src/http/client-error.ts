import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { RAW_SECURITY_HEADERS } from './security-headers';

/** Node keeps the response being written on a connection here (an internal, stable for years). */
type HttpSocket = Socket & { _httpMessage?: { headersSent?: boolean } | null };

/** How long a refused connection may keep sending (a 1 MB header, say) before it is cut. */
const DRAIN_MS = 2000;

const answered = new WeakSet<Socket>();

function answerFor(code: string | undefined): { status: number; detail: string; code: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, detail: 'Request header fields are too large.', code: 'headers_too_large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, detail: 'Request timed out.', code: 'request_timeout' };
    default:
      // DRF's ParseError: the request could not be read at all.
      return { status: 400, detail: 'Malformed request.', code: 'parse_error' };
  }
}

/**
 * Requests that Node's HTTP parser refuses (oversized headers, malformed request lines) never
 * reach Fastify's reply: they get our JSON body and headers here instead of Fastify's.
 *
 * The connection is half-closed after the answer and the rest of what the client sends is
 * read and dropped for a moment: closing at once, while a client is still sending its 1 MB
 * header, makes the kernel answer with a reset that discards the response before the client
 * reads it, which the client sees as a broken connection instead of a 431.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return;
  answered.add(socket);
  // Node's own rule: bytes after a request whose answer has begun (a body the client sent on
  // after a `Connection: close` request, say) must not get a second answer on the same stream.
  if ((socket as HttpSocket)._httpMessage?.headersSent) {
    socket.end();
    return;
  }
  const answer = answerFor(error.code);
  const body = JSON.stringify({ detail: answer.detail, code: answer.code });
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
    ...RAW_SECURITY_HEADERS,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  if (socket.writable) socket.end(`HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n${head}\r\n${body}`);
  const cut = setTimeout(() => socket.destroy(), DRAIN_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
}

/**
 * What Fastify's router refuses before any route or hook runs: a path that is not valid
 * percent-encoded UTF-8 (400, as Django answers it) and a path parameter over the router's
 * length limit (no such id exists: 404).
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, body] =
    error.code === 'FST_ERR_BAD_URL'
      ? [400, { detail: 'Malformed request.', code: 'parse_error' }]
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? [404, { detail: 'Not found.', code: 'not_found' }]
        : [500, { detail: 'A server error occurred.', code: 'server_error' }];
  void reply.headers(RAW_SECURITY_HEADERS).code(status).send(body);
}
