import { CENSOR, rootLogger } from './log.params';
import { requestChildLogger, RequestLogger } from './request.logger';
import { jsonLinesOf, stdoutOf } from '../../test/support/stdout';

/** The text `rootLogger` writes while `run` runs. */
function capturedText(run: () => void): string {
  return stdoutOf(run, () => rootLogger('info').flush());
}

/** The JSON lines `rootLogger` writes while `run` runs. */
function captured(run: () => void): Array<Record<string, unknown>> {
  return jsonLinesOf(capturedText(run));
}

describe('requestChildLogger', () => {
  it("binds the request id and keeps the parent's level, redaction and serializers", () => {
    const child = requestChildLogger(rootLogger('info'), { reqId: 'r-1' }, { level: '' });
    expect(child.level).toBe('info');
    const [line] = captured(() => child.info({ password: 'p1', res: { statusCode: 204, other: 1 } }, 'done'));
    expect(line).toMatchObject({ reqId: 'r-1', password: CENSOR, res: { statusCode: 204 }, msg: 'done' });
    expect(line.res).toEqual({ statusCode: 204 });
  });

  it("honours a route's own level and serializers", () => {
    const quiet = requestChildLogger(rootLogger('info'), { reqId: 'r-2' }, { level: 'warn' });
    expect(quiet.level).toBe('warn');
    expect(captured(() => quiet.info('dropped'))).toEqual([]);
    const custom = requestChildLogger(rootLogger('info'), { reqId: 'r-3' }, { serializers: { extra: () => 'x' } });
    expect(captured(() => custom.info({ extra: { a: 1 } }, 'custom'))).toEqual([
      expect.objectContaining({ reqId: 'r-3', extra: 'x' }),
    ]);
  });
});

describe('RequestLogger', () => {
  const root = rootLogger('info');
  const withoutTime = (text: string) => text.replace(/"time":"[^"]*"/g, '"time":"T"');
  afterEach(() => jest.restoreAllMocks());

  it("writes an object line as pino's child writes it, without making a child", () => {
    const line = {
      password: 'p1',
      req: { id: 'r-9', method: 'GET', url: '/api/me', headers: {} },
      res: { statusCode: 200 },
    };
    const viaChild = capturedText(() => root.child({ reqId: 'r-9' }).info(line, 'request completed'));
    const child = jest.spyOn(root, 'child');
    const lazy = new RequestLogger(root, { reqId: 'r-9' });
    const viaLazy = capturedText(() => lazy.info(line, 'request completed'));
    expect(withoutTime(viaLazy)).toBe(withoutTime(viaChild));
    expect(viaLazy).toContain('"reqId":"r-9"');
    expect(child).not.toHaveBeenCalled();
  });

  it('writes nothing and makes no child for a level that is off', () => {
    const child = jest.spyOn(root, 'child');
    const lazy = new RequestLogger(root, { reqId: 'r-10' });
    expect(captured(() => lazy.debug({ a: 1 }, 'dropped'))).toEqual([]);
    expect(child).not.toHaveBeenCalled();
  });

  it('makes the child once for what needs it: a bare message, an error, a child, a level', () => {
    const child = jest.spyOn(root, 'child');
    const lazy = new RequestLogger(root, { reqId: 'r-11' });
    const lines = captured(() => {
      lazy.warn('plain');
      lazy.error(new Error('boom'));
      lazy.info({ after: true }, 'object');
    });
    expect(lines).toEqual([
      expect.objectContaining({ reqId: 'r-11', msg: 'plain', level: 40 }),
      expect.objectContaining({ reqId: 'r-11', msg: 'boom', err: expect.objectContaining({ message: 'boom' }) }),
      expect.objectContaining({ reqId: 'r-11', after: true }),
    ]);
    expect(child).toHaveBeenCalledTimes(1);
    lazy.level = 'error';
    expect(lazy.level).toBe('error');
    expect(root.level).toBe('info');
    expect(captured(() => lazy.warn('quiet now'))).toEqual([]);
    expect(child).toHaveBeenCalledTimes(1);
    // A child of the request's logger is a child of its pino child, which carries reqId.
    lazy.child({ extra: 1 });
    expect(child).toHaveBeenCalledTimes(2);
    expect(child.mock.contexts[1]).not.toBe(root);
  });
});
