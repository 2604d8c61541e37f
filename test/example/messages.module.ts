import { Module } from '@nestjs/common';
import { AuthModule } from '../../src/auth/auth.module';
import { MessagesController, PerRouteController } from './messages.controller';

@Module({
  imports: [AuthModule],
  controllers: [MessagesController, PerRouteController],
})
export class MessagesModule {}
