import { User } from '../../../src/users/user.entity';
import { UsersService } from '../../../src/users/users.service';
import { createUser } from '../../factories/users.factory';
import { databaseTargets } from '../../support/databases';
import { useTestApp } from '../../support/test-app';

/**
 * Every refresh exchange reads its user with a hand statement (common/statements.ts findRowById):
 * the user must come back exactly as TypeORM's own find hydrates it, on every engine.
 */
describe.each(databaseTargets())('the user read of a refresh on $name', (target) => {
  const app = useTestApp(target);

  it('hydrates the row as findOneBy does: class, types, nulls and dates', async () => {
    const users = app.get(UsersService);
    const created = await createUser(app, {
      username: 'hydrated',
      email: 'hydrated@example.com',
      isStaff: true,
      scopes: ['read', 'write'],
    });
    await app.dataSource.getRepository(User).update({ id: created.id }, { isActive: false });
    const expected = await app.dataSource.getRepository(User).findOneByOrFail({ id: created.id });
    const read = await users.findById(created.id);
    expect(read).toBeInstanceOf(User);
    expect(read).toEqual(expected);
    expect(read?.lastLogin).toBeNull();
    expect(read?.createdAt).toBeInstanceOf(Date);
    expect(read?.isActive).toBe(false);
    expect(read?.isStaff).toBe(true);
    expect(read?.scopes).toEqual(['read', 'write']);
    expect(typeof read?.id).toBe('number');
  });

  it('answers null for an id that no row has', async () => {
    expect(await app.get(UsersService).findById(987_654)).toBeNull();
  });
});
