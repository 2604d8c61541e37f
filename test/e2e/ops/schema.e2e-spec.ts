import { DataSource, Migration } from 'typeorm';
import { buildDataSourceOptions } from '../../../src/database/data-source-options';
import { DatabaseTarget, databaseTargets } from '../../support/databases';

function settingsFor(url: string) {
  const mysql = url.startsWith('mysql:');
  return {
    type: mysql ? ('mysql' as const) : ('sqlite' as const),
    url: mysql ? url : url.slice('sqlite:'.length),
    connectTimeoutSeconds: 10,
    migrateOnStart: false,
    statementTimeoutMs: 4000,
  };
}

/** A fresh database of `target` with every migration applied; destroyed and dropped after `use`. */
async function withMigrated(
  target: DatabaseTarget,
  use: (dataSource: DataSource, applied: Migration[]) => Promise<void>,
): Promise<void> {
  const db = await target.create();
  const dataSource = new DataSource(await buildDataSourceOptions(settingsFor(db.url)));
  try {
    await dataSource.initialize();
    await use(dataSource, await dataSource.runMigrations());
  } finally {
    await dataSource.destroy();
    await db.drop();
  }
}

describe.each(databaseTargets())('entities and migrations on $name', (target) => {
  it('agree: after the migrations, TypeORM finds nothing to change', async () => {
    await withMigrated(target, async (dataSource, applied) => {
      expect(applied.length).toBeGreaterThan(0);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    });
  });

  it('revert cleanly, leaving no table behind', async () => {
    await withMigrated(target, async (dataSource, applied) => {
      for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration();
      const runner = dataSource.createQueryRunner();
      for (const table of ['users', 'sessions', 'session_revocations', 'audit_events', 'login_attempts']) {
        expect(await runner.hasTable(table)).toBe(false);
      }
      await runner.release();
    });
  });
});
