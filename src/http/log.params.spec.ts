import {
  CENSOR,
  censorNested,
  isoTimeOncePerMillisecond,
  MAX_PENDING_CHARS,
  rootLogger,
  TurnBufferedStdout,
} from './log.params';
import { jsonLinesOf, stdoutOf } from '../../test/support/stdout';

/** The text `rootLogger` writes while `run` runs. */
function capturedText(run: () => void): string {
  return stdoutOf(run, () => rootLogger('info').flush());
}

/** The JSON lines `rootLogger` writes while `run` runs. */
function captured(run: () => void): Array<Record<string, unknown>> {
  return jsonLinesOf(capturedText(run));
}

describe('log redaction', () => {
  it('censors secret fields at the top level and one level down, and leaves the rest', () => {
    const body = { refresh: 'r1', new_password: 'p2', username: 'alice' };
    const [line] = captured(() =>
      rootLogger('info').info({ password: 'p1', body, dto: { token: 't1' }, count: 3 }, 'hello'),
    );
    expect(body).toEqual({ refresh: 'r1', new_password: 'p2', username: 'alice' });
    expect(line).toMatchObject({
      password: CENSOR,
      body: { refresh: CENSOR, new_password: CENSOR, username: 'alice' },
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

describe('isoTimeOncePerMillisecond', () => {
  afterEach(() => jest.useRealTimers());

  it("writes pino's isoTime field for the current millisecond, and a new one when it moves on", () => {
    jest.useFakeTimers({ now: new Date('2026-12-02T08:00:00.123Z') });
    expect(isoTimeOncePerMillisecond()).toBe(',"time":"2026-12-02T08:00:00.123Z"');
    expect(isoTimeOncePerMillisecond()).toBe(',"time":"2026-12-02T08:00:00.123Z"');
    jest.setSystemTime(new Date('2026-12-02T08:00:00.124Z'));
    expect(isoTimeOncePerMillisecond()).toBe(',"time":"2026-12-02T08:00:00.124Z"');
  });
});

describe('TurnBufferedStdout', () => {
  let writes: string[];
  let write: typeof process.stdout.write;
  beforeEach(() => {
    jest.useFakeTimers();
    writes = [];
    write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array): boolean => {
      writes.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
  });
  afterEach(() => {
    process.stdout.write = write;
    jest.useRealTimers();
  });

  /** A destination, and its exit hook taken off the process again (called by hand instead). */
  function destination(): { out: TurnBufferedStdout; exit: () => void } {
    const before = process.listeners('exit');
    const out = new TurnBufferedStdout();
    const [exit] = process.listeners('exit').filter((listener) => !before.includes(listener));
    process.removeListener('exit', exit);
    return { out, exit: exit as () => void };
  }

  it("writes a turn's lines once, in order, when the turn ends", () => {
    const { out } = destination();
    out.write('one\n');
    out.write('two\n');
    expect(writes).toEqual([]);
    jest.runOnlyPendingTimers();
    expect(writes).toEqual(['one\ntwo\n']);
    out.write('three\n');
    jest.runOnlyPendingTimers();
    expect(writes).toEqual(['one\ntwo\n', 'three\n']);
  });

  it('writes at once when too much waits', () => {
    const { out } = destination();
    const long = `${'x'.repeat(MAX_PENDING_CHARS - 1)}\n`;
    out.write('one\n');
    expect(writes).toEqual([]);
    out.write(long);
    expect(writes).toEqual([`one\n${long}`]);
    jest.runOnlyPendingTimers();
    expect(writes).toHaveLength(1);
  });

  it('writes what waits when the process exits, or when pino flushes', () => {
    const { out, exit } = destination();
    out.write('last\n');
    exit();
    expect(writes).toEqual(['last\n']);
    out.write('flushed\n');
    const done = jest.fn();
    out.flush(done);
    expect(writes).toEqual(['last\n', 'flushed\n']);
    expect(done).toHaveBeenCalled();
    exit();
    expect(writes).toHaveLength(2);
  });
});
