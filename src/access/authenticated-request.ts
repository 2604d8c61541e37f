import type { FastifyRequest } from 'fastify';
import { AuthenticatedUser } from './authenticated-user';

/** Where the bearer guard leaves the token it took from a well-formed `Authorization` header. */
export const RAW_TOKEN = Symbol('rawAccessToken');

/** A request once the bearer guard has run: `user` is set on every guarded route. */
export type AuthenticatedRequest = FastifyRequest & { [RAW_TOKEN]?: string; user?: AuthenticatedUser };
