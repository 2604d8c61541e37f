import { Module } from '@nestjs/common';
import { ConsoleAssets } from './console.assets';
import { ConsoleController } from './console.controller';

/** The admin console in the browser, a client of the admin API like any other. */
@Module({
  controllers: [ConsoleController],
  providers: [ConsoleAssets],
})
export class ConsoleModule {}
