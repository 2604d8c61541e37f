import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * `Reflector.getAllAndOverride` of one key (the handler's value, else the controller's),
 * remembered per controller and handler: decorators run once, when the class is defined, so
 * the answer never changes, and a global guard asks for every request.
 */
export class RouteMetadata<T> {
  private readonly byController = new WeakMap<object, WeakMap<object, { value: T | undefined }>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string,
  ) {}

  of(context: ExecutionContext): T | undefined {
    const controller = context.getClass();
    const handler = context.getHandler();
    let handlers = this.byController.get(controller);
    if (!handlers) this.byController.set(controller, (handlers = new WeakMap()));
    let entry = handlers.get(handler);
    if (!entry) {
      entry = { value: this.reflector.getAllAndOverride<T | undefined>(this.key, [handler, controller]) };
      handlers.set(handler, entry);
    }
    return entry.value;
  }
}
