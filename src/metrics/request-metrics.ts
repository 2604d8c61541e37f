import type { FastifyInstance } from 'fastify';
import { Metrics, UNMATCHED_ROUTE } from './metrics.service';

/**
 * Latency per route, observed in Fastify's `onResponse` hook: after the reply has gone out, so
 * it adds nothing to the time a client waits, and outside the guard. The label is the route
 * pattern Fastify matched (`/api/admin/users/:id`), so ids in URLs never become new series.
 */
export function registerRequestMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.requestServed(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
