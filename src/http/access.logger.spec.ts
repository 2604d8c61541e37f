import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { AccessLogger, bindRequestLogger } from './access.logger';
import { loggerParams, rootLogger } from './log.params';
import { requestChildLogger } from './request.logger';
import { jsonLinesOf, stdoutOf } from '../../test/support/stdout';

function captured(run: () => void): Array<Record<string, unknown>> {
  return jsonLinesOf(stdoutOf(run, () => rootLogger('info').flush()));
}

function requestTo(url: string, reqId: string): FastifyRequest {
  const log = requestChildLogger(rootLogger('info'), { reqId }, { level: '' });
  return {
    id: reqId,
    method: 'GET',
    url,
    headers: { authorization: 'Bearer secret-token' },
    raw: { socket: { remoteAddress: '127.0.0.1', remotePort: 4000 } },
    log,
  } as unknown as FastifyRequest;
}

const reply = { statusCode: 200, elapsedTime: 1.5 } as unknown as FastifyReply;

describe('bindRequestLogger', () => {
  it("gives the lines Nest's logger writes while the request runs its reqId", () => {
    const nest = new PinoLogger(loggerParams('info'));
    nest.setContext('Inside');
    const lines = captured(() =>
      bindRequestLogger(requestTo('/api/me', 'r-20'), reply, () => {
        nest.warn('while handling');
        nest.error(new Error('failed while handling'));
      }),
    );
    expect(lines).toEqual([
      expect.objectContaining({ reqId: 'r-20', context: 'Inside', msg: 'while handling', level: 40 }),
      expect.objectContaining({ reqId: 'r-20', context: 'Inside', level: 50 }),
    ]);
    expect(captured(() => nest.warn('outside'))[0]).not.toHaveProperty('reqId');
  });
});

describe('AccessLogger', () => {
  it('tells its observer of every finished request, probes included, and logs all but probes', () => {
    const access = new AccessLogger();
    const seen: string[] = [];
    access.observeCompletions((request) => seen.push(request.url));
    const lines = captured(() => {
      access.requestCompleted(null, requestTo('/api/me?x=1', 'r-21'), reply);
      access.requestCompleted(null, requestTo('/health/live', 'r-22'), reply);
    });
    expect(seen).toEqual(['/api/me?x=1', '/health/live']);
    expect(lines).toEqual([
      expect.objectContaining({
        reqId: 'r-21',
        msg: 'request completed',
        req: expect.objectContaining({ id: 'r-21', url: '/api/me', headers: { authorization: '[Redacted]' } }),
        res: { statusCode: 200 },
        responseTime: 1.5,
      }),
    ]);
  });
});
