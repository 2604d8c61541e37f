import type { FastifyInstance } from 'fastify';

/** A JSON API has nothing to load, frame or submit: a browser may run nothing from it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Swagger UI under /api/docs loads its own scripts, styles and images from this origin and
 * inlines a stylesheet; it still may not be framed or load anything from elsewhere.
 */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * The admin console at /admin/ runs only its own script and stylesheet files and talks only
 * to this origin: nothing inline, nothing evaluated, nothing from elsewhere.
 */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const DOCS_PATH = /^\/api\/docs(?:[/?#-]|$)/;
const CONSOLE_PATH = /^\/admin(?:[/?#]|$)/;

function policyFor(url: string): string {
  if (DOCS_PATH.test(url)) return DOCS_CSP;
  return CONSOLE_PATH.test(url) ? CONSOLE_CSP : API_CSP;
}

/** Answers about one account: never kept by a browser or a shared cache. */
const PRIVATE_PATH = /^\/+(?:api\/+)?(?:me|admin)(?:[/?#]|$)/;

/** Headers for the few answers written outside Fastify's reply (see client-error.ts). */
export const RAW_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': API_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/**
 * The headers helmet's defaults set on every answer (with frames denied and no referrer), as
 * constants: they depend on nothing in the request, so they are not recomputed per response.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/**
 * The security headers on every response, errors and 404s included (they are set in `onRequest`,
 * before routing decides anything), with a Content-Security-Policy chosen by path, and
 * `Cache-Control: no-store` on whatever concerns one caller.
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(SECURITY_HEADERS);
    void reply.header('content-security-policy', policyFor(request.url));
    done();
  });
  // In onSend, after the route's own headers, so that no route can make a private answer cacheable.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.headers.authorization !== undefined || PRIVATE_PATH.test(request.url)) {
      void reply.header('Cache-Control', 'no-store');
    }
    done(null, payload);
  });
}
