import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** Case-sensitive everywhere: the MySQL column uses a binary collation (see the migration). */
  @Index('UQ_users_username', { unique: true })
  @Column({ type: 'varchar', length: 150 })
  username!: string;

  @Column({ type: 'varchar', length: 254, default: '' })
  email!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 100 })
  passwordHash!: string;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ name: 'is_staff', type: 'boolean', default: false })
  isStaff!: boolean;

  /** Space-separated, as in the `scope` claim. */
  @Column({ name: 'scopes', type: 'varchar', length: 1000, default: '' })
  scope!: string;

  @Column({ name: 'last_login', type: 'datetime', nullable: true })
  lastLogin!: Date | null;

  /** Set by the service in whole seconds, like every time we store (see common/clock.ts). */
  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  /** The same scopes as a list, as `AuthenticatedUser.scopes` holds them. */
  get scopes(): string[] {
    return this.scope.split(' ').filter(Boolean);
  }
}
