import { Command, CommandRunner } from 'nest-commander';
import { AccountService } from '../accounts/account.service';
import { namedUser, runCommand } from './cli.error';

@Command({ name: 'revoke-sessions', arguments: '<name>', description: 'Revoke every session of a user' })
export class RevokeSessionsCommand extends CommandRunner {
  constructor(private readonly accounts: AccountService) {
    super();
  }

  async run([name]: string[]): Promise<void> {
    await runCommand(async () => {
      const user = await namedUser(name, (username) => this.accounts.getByUsername(username));
      const revoked = await this.accounts.revokeSessions({ by: 'cli' }, user);
      return `revoked ${revoked} sessions of ${user.username}`;
    });
  }
}
