import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { JtiChain } from './jti.chain';
import { RevocationList } from './revocation.list';
import { RevocationService } from './revocation.service';
import { RevocationSync } from './revocation.sync';
import { RotationService } from './rotation.service';
import { SessionRevocation } from './session-revocation.entity';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

@Module({
  imports: [TypeOrmModule.forFeature([Session, SessionRevocation]), AuditModule],
  providers: [SessionsService, RotationService, RevocationService, RevocationList, RevocationSync, JtiChain],
  exports: [SessionsService, RotationService, RevocationService, RevocationList, RevocationSync],
})
export class SessionsModule {}
