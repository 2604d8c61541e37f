import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** Driver-neutral (Table API), so the same migration runs on MySQL/MariaDB and SQLite. */
export class InitialSchema1764316800000 implements MigrationInterface {
  name = 'InitialSchema1764316800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.driver.options.type;
    const mysql = driver === 'mysql' || driver === 'mariadb';
    // MariaDB's default collation folds case: `Alice` would log in as `alice`. Usernames are
    // case-sensitive on every database, as they are on SQLite.
    const binary = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'username', type: 'varchar', length: '150', ...binary },
          { name: 'email', type: 'varchar', length: '254', default: "''" },
          { name: 'password_hash', type: 'varchar', length: '100' },
          { name: 'is_active', type: 'boolean', default: 1 },
          { name: 'is_staff', type: 'boolean', default: 0 },
          { name: 'scopes', type: 'varchar', length: '1000', default: "''" },
          { name: 'last_login', type: 'datetime', isNullable: true },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'UQ_users_username', columnNames: ['username'], isUnique: true })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'user_id', type: 'integer' },
          { name: 'current_jti', type: 'varchar', length: '32' },
          { name: 'previous_jti', type: 'varchar', length: '32', isNullable: true },
          { name: 'rotated_at', type: 'datetime', isNullable: true },
          { name: 'generation', type: 'integer', default: 0 },
          { name: 'created_at', type: 'datetime' },
          { name: 'last_used_at', type: 'datetime', precision: 3 },
          { name: 'expires_at', type: 'datetime' },
          { name: 'max_expires_at', type: 'datetime' },
          { name: 'revoked_at', type: 'datetime', isNullable: true },
          { name: 'revoked_reason', type: 'varchar', length: '32', isNullable: true },
          { name: 'ip', type: 'varchar', length: '45', isNullable: true },
          { name: 'user_agent', type: 'varchar', length: '255', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_sessions_user_live', columnNames: ['user_id', 'revoked_at'] }),
          new TableIndex({ name: 'IDX_sessions_expires_at', columnNames: ['expires_at'] }),
          new TableIndex({ name: 'IDX_sessions_revoked_at', columnNames: ['revoked_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_sessions_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'session_revocations',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'session_id', type: 'varchar', length: '32' },
          { name: 'revoked_at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'IDX_session_revocations_revoked_at', columnNames: ['revoked_at'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'at', type: 'datetime' },
          { name: 'event', type: 'varchar', length: '32' },
          { name: 'user_id', type: 'integer', isNullable: true },
          { name: 'session_id', type: 'varchar', length: '32', isNullable: true },
          { name: 'ip', type: 'varchar', length: '45', isNullable: true },
          { name: 'user_agent', type: 'varchar', length: '255', isNullable: true },
          { name: 'detail', type: 'text', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_events_at', columnNames: ['at'] }),
          new TableIndex({ name: 'IDX_audit_events_user_at', columnNames: ['user_id', 'at'] }),
          new TableIndex({ name: 'IDX_audit_events_event_at', columnNames: ['event', 'at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_events');
    await queryRunner.dropTable('session_revocations');
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('users');
  }
}
