import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { Public } from '../access/public.decorator';
import { DatabaseReadiness } from './database.readiness';
import { ReadinessChecks } from './readiness.checks';

const READY_TIMEOUT_MS = 2000;

const UP_CHECKS = { database: { status: 'up' }, revocation_sync: { status: 'up' } };
const UP = { status: 'ok', info: UP_CHECKS, error: {}, details: UP_CHECKS };
const DOWN = {
  status: 'error',
  info: {},
  error: { database: { status: 'down', message: 'timeout of 2000ms exceeded' } },
  details: { database: { status: 'down', message: 'timeout of 2000ms exceeded' } },
};
/** Where @nestjs/terminus keeps whether the application is shutting down (not public API). */
interface TerminusInternals {
  healthCheckExecutor?: { isShuttingDown?: unknown };
}

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
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseReadiness,
    private readonly checks: ReadinessChecks,
  ) {}

  /**
   * The process answers: no dependency is checked, so a database outage never restarts it.
   * Until shutdown begins terminus answers `check([])` with the empty report, which is built here
   * without its three generator-based awaits per probe; from then on (or should terminus ever
   * keep its flag elsewhere) terminus answers itself.
   */
  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers', description: 'Checks no dependency.' })
  @ApiOkResponse({ schema: { ...REPORT, example: { status: 'ok', info: {}, error: {}, details: {} } } })
  live(): HealthCheckResult | Promise<HealthCheckResult> {
    if (this.shutdown.healthCheckExecutor?.isShuttingDown === false) {
      return { status: 'ok', info: {}, error: {}, details: {} };
    }
    return this.health.check([]);
  }

  /** terminus's executor, which sets its flag in `beforeApplicationShutdown`. */
  private get shutdown(): TerminusInternals {
    return this.health as unknown as TerminusInternals;
  }

  /**
   * Ready to serve logins and refreshes: the database serves the service's tables (on Galera:
   * the node is in the primary component and synced), and the registered checks pass
   * (revocation sync not older than REVOCATION_MAX_STALENESS).
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: the database serves the service, revocations are fresh',
    description: 'Reports `database` and `revocation_sync`.',
  })
  @ApiOkResponse({ schema: { ...REPORT, example: UP } })
  @ApiServiceUnavailableResponse({ schema: { ...REPORT, example: DOWN } })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.databaseCheck(),
      ...this.checks.entries().map(
        ([name, check]) =>
          () =>
            this.registered(name, check),
      ),
    ]);
  }

  private async databaseCheck(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`timeout of ${READY_TIMEOUT_MS}ms exceeded`), READY_TIMEOUT_MS);
    });
    try {
      const problem = await Promise.race([
        this.database.problem().catch((error: unknown) => (error as Error).message),
        timeout,
      ]);
      return problem === null ? indicator.up() : indicator.down({ message: problem });
    } finally {
      clearTimeout(timer);
    }
  }

  private registered(name: string, check: () => string | null): HealthIndicatorResult {
    const indicator = this.indicators.check(name);
    const problem = check();
    return problem === null ? indicator.up() : indicator.down({ message: problem });
  }
}
