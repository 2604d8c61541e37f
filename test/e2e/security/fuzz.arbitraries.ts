import fc from 'fast-check';
import { validateHeaderName, validateHeaderValue } from 'node:http';

/** A route as Fastify lists it, with `:param` placeholders. */
export interface Route {
  path: string;
  methods: string[];
}

export interface FuzzRequest {
  method: string;
  /** The route template it was built from, if any (to check that every route was hit). */
  route: string | null;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** Valid tokens of several kinds, from which forged and damaged ones are derived. */
export interface FuzzTokens {
  access: string;
  staffAccess: string;
  refresh: string;
}

/**
 * Reads Fastify's `printRoutes({ commonPrefix: false })` tree back into full paths, so that the
 * fuzzer covers every route, including ones added after this test was written.
 */
export function parseRoutes(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    stack.length = match[1].length / 4;
    stack.push(match[2]);
    if (match[3]) routes.push({ path: stack.join(''), methods: match[3].split(', ') });
  }
  return routes;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const printable = (min = 0, max = 40) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    minLength: min,
    maxLength: max,
  });
/** What Node's client lets through in a header value: visible ASCII, tab, space, Latin-1. */
const headerValue = fc.oneof(
  printable(0, 60),
  fc.string({
    unit: fc.oneof(
      fc.constant('\t'),
      fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)),
    ),
    maxLength: 60,
  }),
);
const headerName = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,20}$/)
  .filter(
    (name) =>
      !['content-length', 'transfer-encoding', 'host', 'connection', 'expect', 'upgrade'].includes(name.toLowerCase()),
  );

const paramValue = fc.oneof(
  fc.integer({ min: -5, max: 1000 }).map(String),
  fc.constantFrom('0', '00', '1e3', '9'.repeat(30), '-1', 'null', '%00', '..%2F..', "'%20OR%201=1", '%E2%82%AC', '%ff'),
  fc.stringMatching(/^[0-9a-f]{32}$/),
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,40}$/),
);

function fillParams(template: string): fc.Arbitrary<string> {
  const parts = template.split(/(:[A-Za-z_]+)/);
  return fc
    .tuple(...parts.map((part) => (part.startsWith(':') ? paramValue : fc.constant(part))))
    .map((filled) => filled.join(''));
}

const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.constantFrom('page', 'page_size', 'search', 'user_id', 'event', 'since', 'x', 'page[]'),
        printable(0, 12),
      ),
      {
        maxLength: 4,
      },
    )
    .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '')),
);

function pathOf(routes: Route[]): fc.Arbitrary<{ route: string | null; path: string }> {
  const known = fc
    .constantFrom(...routes.map((route) => route.path))
    .chain((template) =>
      fc
        .tuple(fillParams(template), fc.constantFrom('', '/', '//', '/x', '?', '/%2e%2e/'), query)
        .map(([path, suffix, search]) => ({ route: template, path: `${path}${suffix}${search}` })),
    );
  const random = fc
    .array(
      fc.oneof(
        fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{0,12}$/),
        fc.constantFrom('..', '.', '%2e', '%00', '%zz', '%C0%AF'),
      ),
      {
        maxLength: 5,
      },
    )
    .map((segments) => ({ route: null, path: `/${segments.join('/')}` }));
  return fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: random });
}

function tokenOf(tokens: FuzzTokens): fc.Arbitrary<string> {
  const valid = fc.constantFrom(tokens.access, tokens.staffAccess, tokens.refresh);
  const damaged = fc
    .tuple(valid, fc.nat(), fc.constantFrom('cut', 'flip', 'append', 'swap'))
    .map(([token, at, how]) => {
      const i = at % token.length;
      if (how === 'cut') return token.slice(0, i);
      if (how === 'append') return `${token}${token.slice(i, i + 8)}`;
      if (how === 'swap') return token.split('.').reverse().join('.');
      return `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    });
  return fc.oneof(valid, damaged, printable(0, 80));
}

const FIELDS = [
  'username',
  'password',
  'refresh',
  'token',
  'grant_type',
  'refresh_token',
  'scope',
  'client_id',
  'token_type_hint',
  'old_password',
  'new_password',
  'email',
  'is_staff',
  'is_active',
  'scopes',
  '__proto__',
  'constructor',
];

/**
 * JSON nested up to thousands of levels, balanced or cut short, bare or under a field: deep
 * nesting used to overflow the validators' stack (a 500 anybody could cause).
 */
const deeplyNested = fc
  .tuple(
    fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5000 })),
    fc.constantFrom(['[', ']'], ['{"a":', '}'], ['[{"b":', '}]']),
    fc.option(fc.constantFrom(...FIELDS), { nil: undefined }),
    fc.boolean(),
  )
  .map(([depth, [open, close], field, balanced]) => {
    const value = `${open.repeat(depth)}1${balanced ? close.repeat(depth) : ''}`;
    return field === undefined ? value : `{${JSON.stringify(field)}:${value}}`;
  });

function bodyOf(tokens: FuzzTokens): fc.Arbitrary<{ type?: string; body?: string | Buffer }> {
  const fieldValue = fc.oneof(
    tokenOf(tokens),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('alice', 'fuzz-user-pass'),
  );
  const fields = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), printable(1, 10)), fieldValue, { maxKeys: 5 });
  return fc.oneof(
    fc.constant({}),
    fields.map((value) => ({ type: 'application/json', body: JSON.stringify(value) })),
    fc.jsonValue({ maxDepth: 3 }).map((value) => ({ type: 'application/json', body: JSON.stringify(value) ?? 'null' })),
    deeplyNested.map((body) => ({ type: 'application/json', body })),
    fields.map((value) => ({
      type: 'application/x-www-form-urlencoded',
      body: new URLSearchParams(
        Object.entries(value).map(([k, v]): [string, string] => [
          k,
          typeof v === 'string' ? v : String(JSON.stringify(v)),
        ]),
      ).toString(),
    })),
    fc
      .tuple(
        fc.constantFrom(
          'application/json',
          'application/x-www-form-urlencoded',
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
          '',
        ),
        fc.oneof(
          printable(0, 200),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
        ),
      )
      .map(([type, body]) => ({ type: type || undefined, body })),
  );
}

/** Only what Node's client agrees to send: the server's parser gets its own raw-bytes tests. */
function sendable([name, value]: [string, string]): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

export function fuzzRequest(routes: Route[], tokens: FuzzTokens): fc.Arbitrary<FuzzRequest> {
  const authorization = fc.oneof(
    fc.constant(undefined),
    tokenOf(tokens).map((token) => `Bearer ${token}`),
    fc
      .tuple(fc.constantFrom('Bearer', 'bearer', 'JWT', 'Basic', 'Token', ''), printable(0, 40))
      .map(([s, v]) => `${s} ${v}`),
  );
  const extra = fc.dictionary(headerName, headerValue, { maxKeys: 4 });
  const cookie = fc.option(
    tokenOf(tokens).map((token) => `refresh_token=${token}`),
    { nil: undefined },
  );
  return fc
    .record({
      method: fc.constantFrom(...METHODS),
      target: pathOf(routes),
      authorization,
      extra,
      cookie,
      requestedWith: fc.option(fc.constantFrom('XMLHttpRequest', ''), { nil: undefined }),
      payload: bodyOf(tokens),
    })
    .map(({ method, target, authorization: auth, extra: more, cookie: jar, requestedWith, payload }) => {
      const headers: Record<string, string> = Object.fromEntries(Object.entries(more).filter(sendable));
      if (auth !== undefined) headers.authorization = auth;
      if (jar !== undefined) headers.cookie = jar;
      if (requestedWith !== undefined) headers['x-requested-with'] = requestedWith;
      const hasBody = method !== 'GET' && method !== 'HEAD' && payload.body !== undefined;
      if (hasBody && payload.type) headers['content-type'] = payload.type;
      return { method, route: target.route, path: target.path, headers, body: hasBody ? payload.body : undefined };
    });
}
