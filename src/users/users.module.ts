import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoginLockout } from './login-lockout.service';
import { PasswordHasher } from './password.hasher';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * Users and their credentials: lookups, the password hasher, the username and password rules,
 * and the lockout that every check of a password counts against.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  providers: [UsersService, PasswordHasher, LoginLockout],
  exports: [UsersService, PasswordHasher, LoginLockout],
})
export class UsersModule {}
