import { Command, CommandRunner } from 'nest-commander';
import { SessionCleanup } from '../sessions/session.cleanup';
import { runCommand } from './cli.error';

@Command({
  name: 'flush-expired-tokens',
  description: 'Delete expired and long-revoked sessions in batches of at most 1000 rows',
})
export class FlushExpiredTokensCommand extends CommandRunner {
  constructor(private readonly cleanup: SessionCleanup) {
    super();
  }

  async run(): Promise<void> {
    await runCommand(async () => `deleted ${await this.cleanup.flushExpired()} expired sessions`);
  }
}
