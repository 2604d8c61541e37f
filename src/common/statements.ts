import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Hand-written statements for the few writes on the hot path of a request (a refresh exchange):
 * TypeORM's query builders spend more of the server's CPU building such a statement than the
 * database spends running it. Values go through the driver's own conversions, as the query
 * builder's would, so that dates and JSON are stored the same way. Only inside a transaction,
 * whose query runner reports affected rows on every driver.
 */

/** A statement with `:name` parameters, converted by the driver when it is sent. */
export interface Statement {
  sql: string;
  parameters: ObjectLiteral;
}

/** Runs `sql` with `:name` parameters; returns the number of rows it changed. */
export async function runStatement(manager: EntityManager, sql: string, parameters: ObjectLiteral): Promise<number> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('runStatement needs the manager of a transaction');
  const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters);
  const result = await runner.query(query, values, true);
  return (result as { affected?: number }).affected ?? 0;
}

const insertStatements = new WeakMap<object, { columns: ColumnMetadata[]; into: string; values: string }>();

/**
 * The INSERT of one row of `entity` given by property names, with its `:name` parameters
 * converted by the driver; the statement is built once per entity. `onlyAfterChange`: MySQL and
 * MariaDB only, the row is inserted only if the statement before it on the connection changed
 * exactly one row (`ROW_COUNT() = 1`), for a transaction sent as one text (common/one-trip.ts).
 */
export function insertStatement<T extends ObjectLiteral>(
  connection: DataSource,
  entity: EntityTarget<T>,
  row: Partial<T>,
  onlyAfterChange = false,
): Statement {
  const metadata = connection.getMetadata(entity);
  let statement = insertStatements.get(metadata);
  if (!statement) {
    const columns = metadata.columns.filter((column) => !column.isGenerated);
    const driver = connection.driver;
    statement = {
      columns,
      into: `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) `,
      values: columns.map((c) => `:${c.propertyName}`).join(', '),
    };
    insertStatements.set(metadata, statement);
  }
  const parameters: ObjectLiteral = {};
  for (const column of statement.columns) {
    const value: unknown = connection.driver.preparePersistentValue(row[column.propertyName] ?? null, column);
    parameters[column.propertyName] = value;
  }
  const sql = onlyAfterChange
    ? `${statement.into}SELECT ${statement.values} FROM DUAL WHERE ROW_COUNT() = 1`
    : `${statement.into}VALUES (${statement.values})`;
  return { sql, parameters };
}

/** INSERTs one row of `entity` given by property names. */
export async function insertRow<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  row: Partial<T>,
): Promise<void> {
  const { sql, parameters } = insertStatement(manager.connection, entity, row);
  await runStatement(manager, sql, parameters);
}

const selectStatements = new WeakMap<object, string>();

/**
 * The row of `entity` whose single-column primary key is `id`, or null, hydrated as TypeORM's
 * find hydrates it (an instance of the class, every column through the driver's conversions):
 * for plain entities only (no relations, embedded columns or load listeners). A refresh reads its
 * user on every exchange, and `findOneBy` spent more CPU building and transforming the query than
 * the database spent answering it.
 */
export async function findRowById<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  id: unknown,
): Promise<T | null> {
  const metadata = dataSource.getMetadata(entity);
  const driver = dataSource.driver;
  let sql = selectStatements.get(metadata);
  if (!sql) {
    const [key] = metadata.primaryColumns;
    const columns = metadata.columns.map((column) => driver.escape(column.databaseName)).join(', ');
    sql = `SELECT ${columns} FROM ${driver.escape(metadata.tableName)} WHERE ${driver.escape(key.databaseName)} = :id LIMIT 1`;
    selectStatements.set(metadata, sql);
  }
  const [query, values] = driver.escapeQueryWithParameters(sql, { id });
  const rows = await dataSource.query<ObjectLiteral[]>(query, values);
  const raw = rows[0];
  if (!raw) return null;
  const row = metadata.create() as T;
  for (const column of metadata.columns)
    column.setEntityValue(row, driver.prepareHydratedValue(raw[column.databaseName], column));
  return row;
}
