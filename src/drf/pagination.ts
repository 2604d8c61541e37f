import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api.error';
import { publicBaseOf } from '../http/public-url';

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
  /** DRF's `page=last` too. */
  page: number | 'last';
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
  const page = query.page === undefined ? 1 : query.page === 'last' ? 'last' : positiveInteger(query.page);
  if (page === null) throw new ApiError('not_found', 'Invalid page.');
  const size = Math.min(positiveInteger(query.page_size) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const url = new URL(publicBaseOf(request) + request.url);
  return { page, size, url };
});

/** One page of rows and the total they were taken from. */
export interface Slice<T> {
  count: number;
  rows: T[];
}

function linkTo(url: URL, page: number): string {
  const link = new URL(url);
  if (page === 1) link.searchParams.delete('page');
  else link.searchParams.set('page', String(page));
  return link.toString();
}

/**
 * Fetches the requested page and wraps it in DRF's body; a page past the end (other than the
 * first) is 404 as in DRF. `page=last` needs the count first, so it may take a second query.
 */
export async function fetchPage<T>(
  page: PageRequest,
  fetch: (offset: number, limit: number) => Promise<Slice<T>>,
): Promise<Paginated<T>> {
  let number = page.page === 'last' ? 1 : page.page;
  let slice = await fetch((number - 1) * page.size, page.size);
  const pages = Math.max(1, Math.ceil(slice.count / page.size));
  if (page.page === 'last' && pages > 1) {
    number = pages;
    slice = await fetch((number - 1) * page.size, page.size);
  }
  if (number > pages) throw new ApiError('not_found', 'Invalid page.');
  return {
    count: slice.count,
    next: number < pages ? linkTo(page.url, number + 1) : null,
    previous: number > 1 ? linkTo(page.url, number - 1) : null,
    results: slice.rows,
  };
}
