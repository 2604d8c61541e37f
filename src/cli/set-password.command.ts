import { Command, CommandRunner } from 'nest-commander';
import { AuditService } from '../audit/audit.service';
import { RevocationService } from '../sessions/revocation.service';
import { UsersService } from '../users/users.service';
import { WeakPasswordError } from '../users/users.errors';
import { CliError, runCommand } from './cli.error';
import { readPassword } from './password.reader';

@Command({
  name: 'set-password',
  arguments: '<name>',
  description: "Set a user's password (read from standard input) and revoke the user's sessions",
})
export class SetPasswordCommand extends CommandRunner {
  constructor(
    private readonly users: UsersService,
    private readonly revocations: RevocationService,
    private readonly audit: AuditService,
  ) {
    super();
  }

  async run([name]: string[]): Promise<void> {
    await runCommand(async () => {
      const user = await this.users.findByUsername(name?.trim() ?? '');
      if (!user) throw new CliError(`no user named ${name}`);
      const password = await readPassword();
      try {
        await this.users.setPassword(user, password);
      } catch (error) {
        if (error instanceof WeakPasswordError) throw new CliError(error.message);
        throw error;
      }
      const revoked = await this.revocations.revokeAllOfUser(user.id, 'password_changed', 'system');
      await this.audit.record('password_changed', { userId: user.id, detail: { by: 'cli' } });
      return `password of ${user.username} changed; ${revoked} sessions revoked`;
    });
  }
}
