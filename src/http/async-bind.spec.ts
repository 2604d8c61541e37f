import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { bindWithoutDeprecatedAccessor } from './async-bind';

describe('bindWithoutDeprecatedAccessor', () => {
  const original = Object.getOwnPropertyDescriptor(AsyncResource.prototype, 'bind') as PropertyDescriptor;
  afterAll(() => Object.defineProperty(AsyncResource.prototype, 'bind', original));

  it("binds as Node does: the resource's context, `this`, arguments and length, without the accessor", () => {
    const replaced = bindWithoutDeprecatedAccessor();
    const hadAccessor = Object.hasOwn(
      (original.value as AsyncResource['bind']).call(new AsyncResource('test'), () => undefined),
      'asyncResource',
    );
    expect(replaced).toBe(hadAccessor);

    const storage = new AsyncLocalStorage<string>();
    const seen = function (this: unknown, a: number, b: number) {
      return { store: storage.getStore(), self: this, sum: a + b };
    };
    const unbound = storage.run('request', () => AsyncResource.bind(seen));
    const target = { name: 'target' };
    expect(unbound.call(target, 1, 2)).toEqual({ store: 'request', self: target, sum: 3 });
    expect(unbound.length).toBe(2);
    expect(Object.hasOwn(unbound, 'asyncResource')).toBe(false);

    const other = { name: 'other' };
    // Node's `bind` takes a `thisArg` too, which the typings leave out.
    const fixed = storage.run('other request', () => {
      const resource = new AsyncResource('test');
      const bindTo = resource.bind as unknown as (fn: typeof seen, thisArg: object) => typeof seen;
      return bindTo.call(resource, seen, other);
    });
    expect(fixed.call(target, 2, 3)).toEqual({ store: 'other request', self: other, sum: 5 });
    expect(fixed.length).toBe(2);
    expect(storage.getStore()).toBeUndefined();

    // Replaced once: bound functions no longer carry the accessor.
    expect(bindWithoutDeprecatedAccessor()).toBe(false);
  });
});
