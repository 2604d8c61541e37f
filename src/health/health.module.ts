import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseReadiness } from './database.readiness';
import { HealthController } from './health.controller';
import { ReadinessChecks } from './readiness.checks';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DatabaseReadiness, ReadinessChecks],
  exports: [ReadinessChecks],
})
export class HealthModule {}
