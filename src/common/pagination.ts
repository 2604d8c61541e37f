import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './api.error';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** DRF's PageNumberPagination body. */
export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface PageRequest {
  page: number;
  size: number;
  /** The request URL, to build `next` and `previous` links from. */
  url: URL;
}

function positiveInteger(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
}

/** `?page=&page_size=` as DRF reads them: a bad page is 404 "Invalid page.", a bad size the default. */
export const PageQuery = createParamDecorator((_: unknown, context: ExecutionContext): PageRequest => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const query = request.query as Record<string, unknown>;
  const page = query.page === undefined ? 1 : positiveInteger(query.page);
  if (page === null) throw new ApiError('not_found', 'Invalid page.');
  const size = Math.min(positiveInteger(query.page_size) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  return { page, size, url };
});

export function offsetOf(page: PageRequest): number {
  return (page.page - 1) * page.size;
}

function linkTo(url: URL, page: number): string {
  const link = new URL(url);
  if (page === 1) link.searchParams.delete('page');
  else link.searchParams.set('page', String(page));
  return link.toString();
}

/** Wraps one page of results; a page past the end (other than the first) is 404 as in DRF. */
export function paginate<T>(page: PageRequest, count: number, results: T[]): Paginated<T> {
  const pages = Math.max(1, Math.ceil(count / page.size));
  if (page.page > pages) throw new ApiError('not_found', 'Invalid page.');
  return {
    count,
    next: page.page < pages ? linkTo(page.url, page.page + 1) : null,
    previous: page.page > 1 ? linkTo(page.url, page.page - 1) : null,
    results,
  };
}
