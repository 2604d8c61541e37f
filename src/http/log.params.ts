import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Params } from 'nestjs-pino';
import { Logger, pino, stdSerializers } from 'pino';

/**
 * Body fields that carry a secret. Bodies are never logged; these paths are redacted anyway, in
 * case a log call ever passes a body or a DTO along (defence in depth).
 */
export const SECRET_FIELDS = [
  'password',
  'old_password',
  'new_password',
  'refresh',
  'token',
  'access',
  'refresh_token',
  'access_token',
] as const;

/** Request headers that carry a credential: the access line shows that they were sent, not what. */
export const SECRET_HEADERS = ['authorization', 'cookie', 'proxy-authorization'] as const;

export const CENSOR = '[Redacted]';

/**
 * Exact paths only: pino evaluates a wildcard path against every key of every line (and of every
 * child logger's bindings), an exact one only where its key is. The request's headers are
 * censored by its serializer; a secret one level down in any logged object by `censorNested`.
 */
export const REDACTED_PATHS = [...SECRET_FIELDS];

/**
 * What the wildcard paths `*.<field>` did, for the secret fields: a logged object's plain-object
 * values (a body, a DTO) are copied with those fields censored. Runs for lines that are written.
 */
export function censorNested(object: Record<string, unknown>): Record<string, unknown> {
  let result = object;
  for (const key of Object.keys(object)) {
    const value = object[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    // Runs on every line written, an access line's request included: no array per value.
    let censored: Record<string, unknown> | undefined;
    for (const field of SECRET_FIELDS) {
      if (!Object.hasOwn(value, field)) continue;
      censored ??= Object.assign({}, value) as Record<string, unknown>;
      censored[field] = CENSOR;
    }
    if (censored === undefined) continue;
    if (result === object) result = Object.assign({}, object);
    result[key] = censored;
  }
  return result;
}

/** An upstream id is kept only when it is short and plain: it ends up in every line. */
const UPSTREAM_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Probes and scrapes arrive every few seconds from machines: logging them drowns the rest. */
export const UNLOGGED_PATHS = /^\/(?:health\/(?:live|ready)|metrics)\/?(?:\?|$)/;

/**
 * Fastify's request id, which every log line of the request carries: the load balancer's
 * `X-Request-Id` when proxies are trusted (TRUST_PROXY, as for X-Forwarded-For: a client cannot
 * forge it otherwise), else a new UUID.
 */
export function requestIdOf(trustProxy: boolean): (req: IncomingMessage) => string {
  return (req) => {
    const upstream = req.headers['x-request-id'];
    return trustProxy && typeof upstream === 'string' && UPSTREAM_REQUEST_ID.test(upstream) ? upstream : randomUUID();
  };
}

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  headers: Record<string, unknown>;
  remoteAddress?: string;
  remotePort?: number;
}

/**
 * The request of the access line. The query string is left out of the logged URL: nothing
 * secret belongs there, but clients err. Credential headers are censored here, on a copy, so
 * that redaction has no header paths to walk. Bodies are never part of it.
 */
function request(req: FastifyRequest): SerializedRequest {
  const url = String(req.url);
  const query = url.indexOf('?');
  const headers: Record<string, unknown> = { ...req.headers };
  for (const name of SECRET_HEADERS) if (headers[name] !== undefined) headers[name] = CENSOR;
  const socket = req.raw?.socket;
  return {
    id: req.id,
    method: req.method,
    url: query === -1 ? url : url.slice(0, query),
    headers,
    remoteAddress: socket?.remoteAddress,
    remotePort: socket?.remotePort,
  };
}

/** The status is what matters; response headers are mostly helmet's constants. */
function response(res: FastifyReply): { statusCode: number } {
  return { statusCode: res.statusCode };
}

/** Past this many characters waiting, the lines are written at once rather than at the end of the turn. */
export const MAX_PENDING_CHARS = 64 * 1024;

/**
 * pino's destination: the lines written during one turn of the event loop leave in one write to
 * standard output when the turn ends (`setImmediate`), not in one system call each; under load a
 * turn answers many requests. Whatever is pending is written when the process exits, on
 * `process.exit` (the SIGTERM shutdown ends with it), a crash or an empty event loop alike. Looks
 * `process.stdout.write` up at each write, so that a test replacing it reads the lines.
 */
export class TurnBufferedStdout {
  private pending = '';
  private scheduled = false;

  constructor() {
    process.on('exit', () => this.flush());
  }

  write(line: string): boolean {
    this.pending += line;
    if (this.pending.length >= MAX_PENDING_CHARS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushAtTurnEnd);
    }
    return true;
  }

  /** pino's `logger.flush(cb)` lands here. */
  flush(done?: (error?: Error) => void): void {
    if (this.pending !== '') {
      const chunk = this.pending;
      this.pending = '';
      process.stdout.write(chunk);
    }
    done?.();
  }

  private readonly flushAtTurnEnd = (): void => {
    this.scheduled = false;
    this.flush();
  };
}

let stdoutLines: TurnBufferedStdout | undefined;

let stampedAt = 0;
let stamp = '';

/**
 * pino's `isoTime`, formatted once per millisecond: under load many lines share a millisecond,
 * and `toISOString` cost about half a microsecond a line (measured).
 */
export function isoTimeOncePerMillisecond(): string {
  const now = Date.now();
  if (now !== stampedAt) {
    stampedAt = now;
    stamp = `,"time":"${new Date(now).toISOString()}"`;
  }
  return stamp;
}

const roots = new Map<string, Logger>();

/**
 * The one pino logger of a level: Fastify's (one child per request, bound to `reqId`, which
 * writes the access line) and Nest's (through nestjs-pino) are the same. JSON lines on
 * `process.stdout` rather than pino's own file descriptor writer, so that the log test can read
 * them in-process; every level shares one buffer, so lines keep their order.
 */
export function rootLogger(level: string): Logger {
  let logger = roots.get(level);
  if (!logger) {
    logger = pino(
      {
        level,
        timestamp: isoTimeOncePerMillisecond,
        redact: { paths: REDACTED_PATHS, censor: CENSOR },
        serializers: { req: request, res: response, err: stdSerializers.err },
        formatters: { log: censorNested },
      },
      (stdoutLines ??= new TurnBufferedStdout()),
    );
    roots.set(level, logger);
  }
  return logger;
}

/**
 * nestjs-pino for Nest's own logger: no middleware of its own (Fastify creates the request's
 * logger, and `bindRequestLogger` hands it to nestjs-pino), lines outside a request go to
 * the root logger.
 */
export function loggerParams(level: string): Params {
  return { pinoHttp: { logger: rootLogger(level) }, useExisting: true, forRoutes: [] };
}
