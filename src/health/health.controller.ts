import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../access/public.decorator';

const READY_TIMEOUT_MS = 2000;

const UP = { status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } };
const DOWN = {
  status: 'error',
  info: {},
  error: { database: { status: 'down', message: 'timeout of 2000ms exceeded' } },
  details: { database: { status: 'down', message: 'timeout of 2000ms exceeded' } },
};
/** @nestjs/terminus's report. */
const REPORT = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object', additionalProperties: true },
    error: { type: 'object', additionalProperties: true },
    details: { type: 'object', additionalProperties: true },
  },
};

@Public()
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** The process answers: no dependency is checked, so a database outage never restarts it. */
  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers', description: 'Checks no dependency.' })
  @ApiOkResponse({ schema: { ...REPORT, example: { status: 'ok', info: {}, error: {}, details: {} } } })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready to serve logins and refreshes: the database answers. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiOkResponse({ schema: { ...REPORT, example: UP } })
  @ApiServiceUnavailableResponse({ schema: { ...REPORT, example: DOWN } })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.database.pingCheck('database', { timeout: READY_TIMEOUT_MS })]);
  }
}
