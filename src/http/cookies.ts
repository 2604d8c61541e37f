import fastifyCookie, { SerializeOptions } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * @fastify/cookie without its hooks: with them it parses the Cookie header in `onRequest` and
 * looks for cookies to set in `onSend`, on every request, for the few token routes in cookie
 * mode. Those read and write their cookie through the functions below, when they need it.
 */
export function registerCookies(fastify: FastifyInstance): void {
  void fastify.register(fastifyCookie, { hook: false });
}

/** A cookie the request carries, parsed from its Cookie header as the plugin's hook would. */
export function requestCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  return header ? request.server.parseCookie(header)[name] : undefined;
}

/**
 * Adds a Set-Cookie header to the answer, written as the plugin's `reply.setCookie` writes it
 * (SameSite=Lax unless the options say otherwise); an earlier Set-Cookie header stays.
 */
export function setCookie(reply: FastifyReply, name: string, value: string, options: SerializeOptions): void {
  void reply.header('set-cookie', reply.server.serializeCookie(name, value, { sameSite: 'lax', ...options }));
}

/** Tells the browser to drop a cookie, as the plugin's `reply.clearCookie` does. */
export function clearCookie(reply: FastifyReply, name: string, options: SerializeOptions): void {
  setCookie(reply, name, '', { path: '/', ...options, expires: new Date(0), maxAge: 0 });
}
