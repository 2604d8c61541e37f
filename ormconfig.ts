import { DataSource } from 'typeorm';
import { readSettingsFromEnvironment } from './src/config/configuration';
import { buildDataSourceOptions } from './src/database/data-source-options';

// The TypeORM CLI (`npm run migration:*`) reads the same validated configuration as the app.
export default buildDataSourceOptions(readSettingsFromEnvironment().database).then(
  (options) => new DataSource(options),
);
