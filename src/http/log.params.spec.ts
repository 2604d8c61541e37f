import { CENSOR, censorNested, rootLogger } from './log.params';

/** The JSON lines `rootLogger` writes while `run` runs. */
function captured(run: () => void): Array<Record<string, unknown>> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  try {
    run();
  } finally {
    process.stdout.write = write;
  }
  return chunks
    .join('')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('log redaction', () => {
  it('censors secret fields at the top level and one level down, and leaves the rest', () => {
    const [line] = captured(() =>
      rootLogger('info').info(
        { password: 'p1', body: { refresh: 'r1', username: 'alice' }, dto: { token: 't1' }, count: 3 },
        'hello',
      ),
    );
    expect(line).toMatchObject({
      password: CENSOR,
      body: { refresh: CENSOR, username: 'alice' },
      dto: { token: CENSOR },
      count: 3,
      msg: 'hello',
    });
  });

  it('censors credential headers in a serialized request, without its query or body', () => {
    const request = {
      id: 'abc',
      method: 'POST',
      url: '/api/token/?token=t2',
      headers: {
        authorization: 'Bearer t3',
        cookie: 'refresh_token=t4',
        'proxy-authorization': 'Basic t5',
        accept: '*/*',
      },
      body: { password: 'p2' },
      raw: { socket: { remoteAddress: '127.0.0.1', remotePort: 5000 } },
    };
    const [line] = captured(() => rootLogger('info').info({ req: request }, 'request completed'));
    expect(line.req).toEqual({
      id: 'abc',
      method: 'POST',
      url: '/api/token/',
      headers: { authorization: CENSOR, cookie: CENSOR, 'proxy-authorization': CENSOR, accept: '*/*' },
      remoteAddress: '127.0.0.1',
      remotePort: 5000,
    });
    expect(request.headers.authorization).toBe('Bearer t3');
  });

  it('returns the same object when there is nothing to censor', () => {
    const object = { a: { b: 1 }, c: [{ password: 'x' }] };
    expect(censorNested(object)).toBe(object);
  });
});
