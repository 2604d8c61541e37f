import { ApiKit, Account, createStaff } from '../../support/api-kit';
import { PASSWORD } from '../../support/contract';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';
import { decode } from '../../support/tokens';

const DUPLICATE = { username: ['A user with that username already exists.'] };

/** One spelling, one account: names that look the same are the same name (NFKC), case apart. */
describe.each(databaseTargets())('usernames are NFKC-normalised on $name', (target) => {
  let admin: Account;
  const app = useTestApp(target, {}, async (built) => {
    admin = await createStaff(built, 'names-admin');
  });
  const kit = new ApiKit(() => app, 'usernames-e2e');
  let adminAccess = '';
  beforeAll(async () => {
    adminAccess = await kit.accessOf(admin);
  });
  const create = (username: string) =>
    kit.call('post', '/api/admin/users', adminAccess).send({ username, password: PASSWORD });

  it('stores the normal form and refuses another spelling of it as a duplicate', async () => {
    const created = await create('jose\u0301').expect(201);
    expect(created.body.username).toBe('jos\u00e9');
    await create('jos\u00e9').expect(400, DUPLICATE);
    await create(' jose\u0301 ').expect(400, DUPLICATE);
    // Full-width letters are the ASCII ones.
    expect((await create('\uff2d\uff41\uff52\uff49\uff41').expect(201)).body.username).toBe('Maria');
    await create('Maria').expect(400, DUPLICATE);
    // Case still matters.
    await create('JOS\u00c9').expect(201);
    await create('maria').expect(201);
  });

  it('looks a login up in the normal form, whichever spelling is typed', async () => {
    await create('rene\u0301e').expect(201);
    for (const typed of ['ren\u00e9e', 'rene\u0301e']) {
      const response = await kit.tryLogin(typed, PASSWORD).expect(200);
      expect(decode(response.body.access).name).toBe('ren\u00e9e');
    }
    await kit.tryLogin('REN\u00c9E', PASSWORD).expect(401);
  });

  it('keeps refusing what is not a letter, number or @/./+/-/_ after normalisation', async () => {
    await create('bad name<script>').expect(400);
    await create('tab\tname').expect(400);
    // NFKC turns the ideographic space into a plain one, which is refused as well.
    await create('wide\u3000space').expect(400);
  });
});
