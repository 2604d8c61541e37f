import { ConcurrencyLimit } from './concurrency.limit';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  it('never runs more than the limit at once, and starts the waiting ones in arrival order', async () => {
    const limit = new ConcurrencyLimit(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    let peak = 0;
    const results = gates.map((gate, i) =>
      limit.run(async () => {
        started.push(i);
        peak = Math.max(peak, limit.active);
        await gate.promise;
        return i * 10;
      }),
    );
    await flush();
    expect(started).toEqual([0, 1]);
    expect(limit.queued).toBe(3);

    gates[1].resolve();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    gates[0].resolve();
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    gates.slice(2).forEach((gate) => gate.resolve());

    await expect(Promise.all(results)).resolves.toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
    expect(limit.active).toBe(0);
    expect(limit.queued).toBe(0);
  });

  it('frees the slot of a task that fails, and passes its error on', async () => {
    const limit = new ConcurrencyLimit(1);
    const gate = deferred();
    const failing = limit.run(() => gate.promise);
    const next = limit.run(() => Promise.resolve('ran'));
    await flush();
    expect(limit.queued).toBe(1);
    gate.reject(new Error('boom'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
    expect(limit.active).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
    expect(() => new ConcurrencyLimit(1.5)).toThrow(RangeError);
  });
});
