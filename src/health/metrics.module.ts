import { Module } from '@nestjs/common';
import { Metrics } from './metrics.service';

/** One `Metrics` per application: imported wherever events are counted, and by the health module that serves them. */
@Module({
  providers: [Metrics],
  exports: [Metrics],
})
export class MetricsModule {}
