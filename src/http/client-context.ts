import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** Who is calling, as recorded on sessions and audit events. Never carries credentials. */
export interface ClientContext {
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 255;

export function clientContextOf(request: FastifyRequest): ClientContext {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip || null,
    userAgent: typeof userAgent === 'string' && userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
}

export const Client = createParamDecorator((_: unknown, context: ExecutionContext): ClientContext =>
  clientContextOf(context.switchToHttp().getRequest()),
);
