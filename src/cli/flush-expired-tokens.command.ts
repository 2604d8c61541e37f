import { Command, CommandRunner } from 'nest-commander';
import { LoginLockout } from '../users/login-lockout.service';
import { SessionCleanup } from '../sessions/session.cleanup';
import { runCommand } from './cli.error';

@Command({
  name: 'flush-expired-tokens',
  description: 'Delete expired and long-revoked sessions (and stale login failures) in batches of at most 1000 rows',
})
export class FlushExpiredTokensCommand extends CommandRunner {
  constructor(
    private readonly cleanup: SessionCleanup,
    private readonly lockout: LoginLockout,
  ) {
    super();
  }

  async run(): Promise<void> {
    await runCommand(async () => {
      const sessions = await this.cleanup.flushExpired();
      await this.lockout.forgetStale();
      return `deleted ${sessions} expired sessions`;
    });
  }
}
