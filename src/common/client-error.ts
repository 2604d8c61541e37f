import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { RAW_SECURITY_HEADERS } from './security-headers';

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
