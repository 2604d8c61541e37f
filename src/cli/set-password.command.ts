import { Command, CommandRunner } from 'nest-commander';
import { AccountService } from '../accounts/account.service';
import { namedUser, runCommand } from './cli.error';
import { readPassword } from './password.reader';

@Command({
  name: 'set-password',
  arguments: '<name>',
  description: "Set a user's password (read from standard input) and revoke the user's sessions",
})
export class SetPasswordCommand extends CommandRunner {
  constructor(private readonly accounts: AccountService) {
    super();
  }

  async run([name]: string[]): Promise<void> {
    await runCommand(async () => {
      const user = await namedUser(name, (username) => this.accounts.getByUsername(username));
      const password = await readPassword();
      const revoked = await this.accounts.setPassword({ by: 'cli' }, user.id, password);
      return `password of ${user.username} changed; ${revoked} sessions revoked`;
    });
  }
}
