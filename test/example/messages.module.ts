import { Module } from '@nestjs/common';
import { AuthModule } from '../../src/auth/auth.module';
import { TOKEN_CLAIMS } from '../../src/tokens/token-claims.hook';
import { MessagesController, PerRouteController } from './messages.controller';
import { TenantClaims } from './tenant.claims';

@Module({
  imports: [AuthModule],
  controllers: [MessagesController, PerRouteController],
  providers: [{ provide: TOKEN_CLAIMS, useClass: TenantClaims }],
})
export class MessagesModule {}
