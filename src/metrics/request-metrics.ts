import type { FastifyReply, FastifyRequest } from 'fastify';
import { Metrics, UNMATCHED_ROUTE } from './metrics.service';

/**
 * Latency per route, observed when a request has finished: after the reply has gone out, so it
 * adds nothing to the time a client waits, and outside the guard. The label is the route
 * pattern Fastify matched (`/api/admin/users/:id`), so ids in URLs never become new series.
 */
export function requestLatencyObserver(metrics: Metrics): (request: FastifyRequest, reply: FastifyReply) => void {
  return (request, reply) => {
    metrics.requestServed(
      request.method,
      request.routeOptions.url ?? UNMATCHED_ROUTE,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  };
}
