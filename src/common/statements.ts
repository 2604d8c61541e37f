import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Hand-written statements for the few writes on the hot path of a request (a refresh exchange):
 * TypeORM's query builders spend more of the server's CPU building such a statement than the
 * database spends running it. Values go through the driver's own conversions, as the query
 * builder's would, so that dates and JSON are stored the same way. Only inside a transaction,
 * whose query runner reports affected rows on every driver.
 */

/** Runs `sql` with `:name` parameters; returns the number of rows it changed. */
export async function runStatement(manager: EntityManager, sql: string, parameters: ObjectLiteral): Promise<number> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('runStatement needs the manager of a transaction');
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
  const result = await runner.query(query, values, true);
  return (result as { affected?: number }).affected ?? 0;
}

const insertStatements = new WeakMap<object, { sql: string; columns: ColumnMetadata[] }>();

/** INSERTs one row of `entity` given by property names; the statement is built once per entity. */
export async function insertRow<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  row: Partial<T>,
): Promise<void> {
  const metadata = manager.connection.getMetadata(entity);
  let statement = insertStatements.get(metadata);
  if (!statement) {
    const columns = metadata.columns.filter((column) => !column.isGenerated);
    const driver = manager.connection.driver;
    statement = {
      sql:
        `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) ` +
        `VALUES (${columns.map((c) => `:${c.propertyName}`).join(', ')})`,
      columns,
    };
    insertStatements.set(metadata, statement);
  }
  const parameters: ObjectLiteral = {};
  for (const column of statement.columns) {
    const value: unknown = manager.connection.driver.preparePersistentValue(row[column.propertyName] ?? null, column);
    parameters[column.propertyName] = value;
  }
  await runStatement(manager, statement.sql, parameters);
}
