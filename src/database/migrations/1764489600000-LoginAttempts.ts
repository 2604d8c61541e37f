import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Consecutive failed logins per username (known or not) and the lock they led to. */
export class LoginAttempts1764489600000 implements MigrationInterface {
  name = 'LoginAttempts1764489600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.driver.options.type;
    // Case-sensitive like users.username: `Alice` and `alice` are counted apart.
    const binary = driver === 'mysql' || driver === 'mariadb' ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};
    await queryRunner.createTable(
      new Table({
        name: 'login_attempts',
        columns: [
          { name: 'username', type: 'varchar', length: '150', isPrimary: true, ...binary },
          { name: 'failures', type: 'integer', default: 0 },
          { name: 'locked_until', type: 'datetime', isNullable: true },
          { name: 'updated_at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'IDX_login_attempts_updated_at', columnNames: ['updated_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('login_attempts');
  }
}
