import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../../src/database/data-source-options';
import { databaseTargets } from '../../support/databases';

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

describe.each(databaseTargets())('entities and migrations on $name', (target) => {
  it('agree: after the migrations, TypeORM finds nothing to change', async () => {
    const db = await target.create();
    const dataSource = new DataSource(await buildDataSourceOptions(settingsFor(db.url)));
    try {
      await dataSource.initialize();
      const applied = await dataSource.runMigrations();
      expect(applied.length).toBeGreaterThan(0);
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });

  it('revert cleanly, leaving no table behind', async () => {
    const db = await target.create();
    const dataSource = new DataSource(await buildDataSourceOptions(settingsFor(db.url)));
    try {
      await dataSource.initialize();
      const applied = await dataSource.runMigrations();
      for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration();
      const runner = dataSource.createQueryRunner();
      for (const table of ['users', 'sessions', 'session_revocations', 'audit_events', 'login_attempts']) {
        expect(await runner.hasTable(table)).toBe(false);
      }
      await runner.release();
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });
});
