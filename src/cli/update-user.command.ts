import { Command, CommandRunner, Option } from 'nest-commander';
import { AccountService } from '../accounts/account.service';
import { CliError, namedUser, runCommand } from './cli.error';
import { parseScopesOption } from './scopes.option';

interface UpdateUserOptions {
  staff?: boolean;
  active?: boolean;
  inactive?: boolean;
  scopes?: string;
}

/**
 * The admin API's PATCH for an operator at the console, through the same account workflow, so
 * the rules (the last staff account stays) and the audit trail are the API's; an operator
 * locked out of every staff account recovers with it.
 */
@Command({
  name: 'update-user',
  arguments: '<name>',
  description: "Change a user's staff flag, active flag or scopes, with the admin API's rules and audit",
})
export class UpdateUserCommand extends CommandRunner {
  constructor(private readonly accounts: AccountService) {
    super();
  }

  async run([name]: string[], options: UpdateUserOptions): Promise<void> {
    await runCommand(async () => {
      if (options.active && options.inactive) throw new CliError('--active and --inactive contradict each other');
      const scopes = parseScopesOption(options.scopes);
      const changes = {
        isStaff: options.staff,
        isActive: options.active ? true : options.inactive ? false : undefined,
        scopes,
      };
      if (Object.values(changes).every((value) => value === undefined)) {
        throw new CliError('nothing to change: give --staff, --no-staff, --active, --inactive or --scopes');
      }
      const user = await namedUser(name, (username) => this.accounts.getByUsername(username));
      const before = { ...user };
      const updated = await this.accounts.update({ by: 'cli' }, user.id, changes);
      const changed = [
        before.isStaff !== updated.isStaff ? `is_staff=${updated.isStaff}` : '',
        before.isActive !== updated.isActive ? `is_active=${updated.isActive}` : '',
        before.scope !== updated.scope ? `scopes="${updated.scope}"` : '',
      ].filter(Boolean);
      return changed.length > 0
        ? `updated user ${updated.username}: ${changed.join(' ')}`
        : `user ${updated.username} unchanged`;
    });
  }

  @Option({ flags: '--staff', description: 'give the user admin rights' })
  parseStaff(): boolean {
    return true;
  }

  @Option({ flags: '--no-staff', description: "take the user's admin rights away" })
  parseNoStaff(): boolean {
    return false;
  }

  @Option({ flags: '--active', description: 'let the user log in again' })
  parseActive(): boolean {
    return true;
  }

  @Option({ flags: '--inactive', description: "deactivate the user (revokes the user's sessions)" })
  parseInactive(): boolean {
    return true;
  }

  @Option({
    flags: '--scopes <scopes>',
    description: 'space-separated scopes replacing the current ones, e.g. "read:messages"; "" for none',
  })
  parseScopes(value: string): string {
    return value;
  }
}
