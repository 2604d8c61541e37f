import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { storage, Store } from 'nestjs-pino/storage';
import { UNLOGGED_PATHS } from './log.params';

/** Told of every finished request, after its response has gone out. */
export type CompletionObserver = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * Fastify's request lines, replaced by one access line per request when the response has gone:
 * `req` (id, method, URL without query, headers with credentials censored), `res` (status) and
 * `responseTime`, with the request's `reqId`; at error level for a 5xx or a failed response.
 * Probes and scrapes are not logged.
 *
 * Fastify calls it for every finished request, whatever the hooks; an observer given to
 * `observeCompletions` (the latency metric) is called there too, so that it needs no `onResponse`
 * hook of its own, which would be one more hook runner per request.
 */
export class AccessLogger extends LogController {
  #observe: CompletionObserver | undefined;

  observeCompletions(observer: CompletionObserver): void {
    this.#observe = observer;
  }

  override incomingRequest(): void {
    // The access line is written once, at the end, with the status.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    this.#observe?.(request, reply);
    if (UNLOGGED_PATHS.test(request.url)) return;
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) request.log.error(Object.assign(line, { err: error }), 'request errored');
    else if (reply.statusCode >= 500) request.log.error(line, 'request completed');
    else request.log.info(line, 'request completed');
  }
}

/**
 * Nest's logger (nestjs-pino) writes through the request's logger while a handler runs,
 * so that every line of the request carries its `reqId`. Bound before the handler, after the
 * body was read: the body's stream events would not carry an earlier binding.
 */
export function bindRequestLogger(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  storage.run(new Store(request.log as ConstructorParameters<typeof Store>[0]), done);
}
