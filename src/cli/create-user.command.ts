import { Command, CommandRunner, Option } from 'nest-commander';
import { AccountService } from '../accounts/account.service';
import { FieldErrors } from '../drf/field.errors';
import { normalizeUsername } from '../users/username.policy';
import { CliError, runCommand } from './cli.error';
import { readPassword } from './password.reader';
import { parseScopesOption } from './scopes.option';

interface CreateUserOptions {
  staff?: boolean;
  inactive?: boolean;
  email?: string;
  scopes?: string;
}

@Command({
  name: 'create-user',
  arguments: '<name>',
  description: 'Create a user; the password is read from standard input',
})
export class CreateUserCommand extends CommandRunner {
  constructor(private readonly accounts: AccountService) {
    super();
  }

  async run([name]: string[], options: CreateUserOptions): Promise<void> {
    await runCommand(async () => {
      if (!name?.trim()) throw new CliError('a user name is required');
      const scopes = parseScopesOption(options.scopes) ?? [];
      const password = await readPassword();
      try {
        const user = await this.accounts.create(
          { by: 'cli' },
          {
            username: name,
            password,
            email: options.email,
            isStaff: options.staff === true,
            isActive: options.inactive !== true,
            scopes,
          },
        );
        return `created user ${user.username} (id ${user.id})`;
      } catch (error) {
        const problem = error instanceof FieldErrors ? error.fields.username?.[0] : undefined;
        if (problem === 'A user with that username already exists.') {
          throw new CliError(`user ${normalizeUsername(name)} already exists`);
        }
        if (problem) throw new CliError(`invalid user name: ${problem}`);
        throw error;
      }
    });
  }

  @Option({ flags: '--staff', description: 'give the user admin rights' })
  parseStaff(): boolean {
    return true;
  }

  @Option({ flags: '--inactive', description: 'create the user inactive (cannot log in)' })
  parseInactive(): boolean {
    return true;
  }

  @Option({ flags: '--email <email>', description: 'e-mail address' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--scopes <scopes>', description: 'space-separated scopes, e.g. "read:messages write:messages"' })
  parseScopes(value: string): string {
    return value;
  }
}
