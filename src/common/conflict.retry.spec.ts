import { CONFLICT_ATTEMPTS, retryOnConflict } from './conflict.retry';

const deadlock = (): Error =>
  Object.assign(new Error('query failed'), { driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } });

describe('retryOnConflict', () => {
  it('runs the work again after a conflict and returns its result', async () => {
    let calls = 0;
    const result = await retryOnConflict(() => (++calls < 3 ? Promise.reject(deadlock()) : Promise.resolve('done')));
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives up after the bounded number of tries with the conflict itself', async () => {
    let calls = 0;
    const failing = retryOnConflict(() => {
      calls++;
      return Promise.reject(deadlock());
    });
    await expect(failing).rejects.toMatchObject({ driverError: { code: 'ER_LOCK_DEADLOCK' } });
    expect(calls).toBe(CONFLICT_ATTEMPTS);
  });

  it('never repeats work that failed for another reason', async () => {
    let calls = 0;
    const failing = retryOnConflict(() => {
      calls++;
      return Promise.reject(Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }));
    });
    await expect(failing).rejects.toThrow('dup');
    expect(calls).toBe(1);
  });
});
