import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';

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

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `req.body.${field}`]),
];

/** An upstream id is kept only when it is short and plain: it ends up in every line. */
const UPSTREAM_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Probes and scrapes arrive every few seconds from machines: logging them drowns the rest. */
const UNLOGGED_PATHS = /^\/(?:health\/(?:live|ready)|metrics)\/?(?:\?|$)/;

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

/** The query string is left out of the logged URL: nothing secret belongs there, but clients err. */
function request(req: SerializedRequest): SerializedRequest {
  const { id, method, url, headers, remoteAddress, remotePort } = req;
  return { id, method, url: url.split('?')[0], headers, remoteAddress, remotePort };
}

/** The status is what matters; response headers are mostly helmet's constants. */
function response(res: { statusCode: number }): { statusCode: number } {
  return { statusCode: res.statusCode };
}

type MountedRequest = IncomingMessage & { originalUrl?: string };

/**
 * nestjs-pino settings: one JSON line per request and per log call on standard output, each with
 * the request id (`reqId`), secrets redacted. `process.stdout` rather than pino's own file
 * descriptor writer, so that the log test can read the lines in-process.
 */
export function loggerParams(level: string): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: [
      {
        level,
        timestamp: stdTimeFunctions.isoTime,
        redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
        // Lines logged while a request runs carry only `reqId`; the access line also has `req`.
        quietReqLogger: true,
        serializers: { req: request, res: response },
        customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
        // Middie hands middleware a URL relative to the mount point; `originalUrl` is the real one.
        autoLogging: { ignore: (req) => UNLOGGED_PATHS.test((req as MountedRequest).originalUrl ?? req.url ?? '') },
      },
      process.stdout,
    ],
  };
}
