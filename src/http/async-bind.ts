import { AsyncResource } from 'node:async_hooks';

type Callable = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Node 20's `AsyncResource#bind` gives every bound function a deprecated `asyncResource`
 * accessor made of two `util.deprecate` wrappers, and each wrapper resets a function's prototype
 * (`Object.setPrototypeOf`). Fastify binds once per request body and Nest twice per intercepted
 * route, and those prototype changes slow the whole process down: POST /api/token/verify/ used
 * 2.6 times the CPU per request. Where bound functions still get that accessor, `bind` is
 * replaced by the same binding without it (nothing in the service or its dependencies reads it).
 * Returns whether it was replaced.
 */
export function bindWithoutDeprecatedAccessor(): boolean {
  const probe = new AsyncResource('bind-probe');
  const bound = probe.bind(() => undefined);
  probe.emitDestroy();
  if (!Object.hasOwn(bound, 'asyncResource')) return false;
  function bind(this: AsyncResource, fn: Callable, thisArg?: unknown): Callable {
    return inScopeOf(this, fn, thisArg);
  }
  AsyncResource.prototype.bind = bind as AsyncResource['bind'];
  return true;
}

/** What Node's `bind` returns, less the accessor: `fn` run in `resource`'s async context. */
function inScopeOf(resource: AsyncResource, fn: Callable, thisArg: unknown): Callable {
  const scoped: Callable =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
      : (...args: unknown[]) => resource.runInAsyncScope(fn, thisArg, ...args);
  Object.defineProperty(scoped, 'length', { configurable: true, enumerable: false, value: fn.length, writable: false });
  return scoped;
}
