import { Command, CommandRunner } from 'nest-commander';
import { KeyRing } from '../tokens/key.ring';
import { runCommand } from './cli.error';

/**
 * The `kid` of each configured key, derived exactly as tokens and the JWKS carry it: to retire
 * the signing key, move it into JWT_VERIFYING_KEYS under the kid printed here.
 */
@Command({
  name: 'key-ids',
  description: 'Print the kid of the signing key and of each verifying key (JWT_VERIFYING_KEYS)',
})
export class KeyIdsCommand extends CommandRunner {
  constructor(private readonly keys: KeyRing) {
    super();
  }

  async run(): Promise<void> {
    await runCommand(() =>
      Promise.resolve(
        this.keys
          .keyIds()
          .map(({ role, kid, derivedKid }) =>
            derivedKid === kid ? `${role} ${kid}` : `${role} ${kid} (also accepted: ${derivedKid})`,
          )
          .join('\n'),
      ),
    );
  }
}
