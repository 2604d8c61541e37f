import type { FastifyInstance, FastifyRequest } from 'fastify';

const PUBLIC_URL = 'publicUrl';

type WithPublicUrl = FastifyRequest & { [PUBLIC_URL]?: string };

/**
 * Makes PUBLIC_URL readable from every request without a per-request hook: a decorator's value
 * lives on the request prototype, so this costs nothing per request.
 */
export function registerPublicUrl(fastify: FastifyInstance, publicUrl: string | undefined): void {
  fastify.decorateRequest(PUBLIC_URL, publicUrl ?? '');
}

/**
 * The base of every absolute URL the service writes: PUBLIC_URL when set (the `Host` header is
 * then never reflected), else, as a development convenience, the request's own scheme and host.
 */
export function publicBaseOf(request: FastifyRequest): string {
  return (request as WithPublicUrl)[PUBLIC_URL] || `${request.protocol}://${request.host}`;
}

/** The origin a browser sends in `Origin` for pages served from our own address. */
export function publicOriginOf(request: FastifyRequest): string {
  return new URL(publicBaseOf(request)).origin;
}
