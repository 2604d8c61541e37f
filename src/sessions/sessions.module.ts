import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { OneTripTransactions } from '../common/one-trip';
import { HealthModule } from '../health/health.module';
import { UsersModule } from '../users/users.module';
import { AdminSessionsController } from './admin-sessions.controller';
import { JtiChain } from './jti.chain';
import { MeSessionsController } from './me-sessions.controller';
import { RevocationList } from './revocation.list';
import { RevocationService } from './revocation.service';
import { RevocationSync } from './revocation.sync';
import { RotationService } from './rotation.service';
import { SessionRevocation } from './session-revocation.entity';
import { SessionCleanup } from './session.cleanup';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

/** Sessions: open, rotate, revoke (with the revocation list and its sync), and cleanup. */
@Module({
  imports: [TypeOrmModule.forFeature([Session, SessionRevocation]), AuditModule, UsersModule, HealthModule],
  controllers: [MeSessionsController, AdminSessionsController],
  providers: [
    SessionsService,
    RotationService,
    RevocationService,
    RevocationList,
    RevocationSync,
    JtiChain,
    SessionCleanup,
    OneTripTransactions,
  ],
  exports: [SessionsService, RotationService, RevocationService, RevocationList, RevocationSync, SessionCleanup],
})
export class SessionsModule {}
