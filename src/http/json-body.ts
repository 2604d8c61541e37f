import type { FastifyInstance } from 'fastify';
import { ApiError } from './api.error';

/** Deeper than any body of ours; far below what overflows the stack of the validators downstream. */
export const MAX_JSON_DEPTH = 32;

/** One pass over the text, strings skipped: cheaper than parsing, and done before it. */
export function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces the JSON parser with Fastify's own (prototype poisoning refused) behind a depth
 * limit: thousands of nested arrays parse fine but then overflow the stack of
 * class-transformer, a 500 that anyone can cause without a token.
 */
export function replaceJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
      const detail = `JSON parse error - nested deeper than ${MAX_JSON_DEPTH} levels`;
      done(Object.assign(new ApiError('parse_error', detail), { statusCode: 400 }), undefined);
      return;
    }
    void parse(request, text, done);
  });
}
