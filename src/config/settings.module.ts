import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ALL_CONFIG, readSettingsFromEnvironment, SETTINGS } from './configuration';

/**
 * The settings of one application: `SETTINGS` is built once (from the environment unless a test
 * overrides it) and every slice (`tokensConfig.KEY`, ...) is derived from it. Global like the
 * configuration it replaces: every layer reads settings, and config/ depends on nothing.
 */
@Module({})
export class SettingsModule {
  static forRoot(): DynamicModule {
    const slices: Provider[] = ALL_CONFIG.map((config) => ({
      provide: config.KEY,
      inject: [SETTINGS],
      useFactory: config,
    }));
    return {
      module: SettingsModule,
      global: true,
      providers: [{ provide: SETTINGS, useFactory: readSettingsFromEnvironment }, ...slices],
      exports: [SETTINGS, ...ALL_CONFIG.map((config) => config.KEY)],
    };
  }
}
