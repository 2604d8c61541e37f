import { Command, CommandRunner } from 'nest-commander';
import { RevocationService } from '../sessions/revocation.service';
import { UsersService } from '../users/users.service';
import { CliError, runCommand } from './cli.error';

@Command({ name: 'revoke-sessions', arguments: '<name>', description: 'Revoke every session of a user' })
export class RevokeSessionsCommand extends CommandRunner {
  constructor(
    private readonly users: UsersService,
    private readonly revocations: RevocationService,
  ) {
    super();
  }

  async run([name]: string[]): Promise<void> {
    await runCommand(async () => {
      const user = await this.users.findByUsername(name?.trim() ?? '');
      if (!user) throw new CliError(`no user named ${name}`);
      const revoked = await this.revocations.revokeAllOfUser(user.id, 'admin', 'system');
      return `revoked ${revoked} sessions of ${user.username}`;
    });
  }
}
