import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { RouteMetadata } from './route-metadata';

const KEY = 'test:level';

class Base {
  @SetMetadata(KEY, 'handler')
  own(): void {}

  inherited(): void {}
}

@SetMetadata(KEY, 'first')
class First extends Base {}

@SetMetadata(KEY, 'second')
class Second extends Base {}

const contextOf = (controller: new () => Base, handler: () => void) =>
  new ExecutionContextHost([], controller, handler);

describe('RouteMetadata', () => {
  it("answers the handler's value over the controller's, per controller, each time alike", () => {
    const metadata = new RouteMetadata<string>(new Reflector(), KEY);
    for (let round = 0; round < 2; round++) {
      expect(metadata.of(contextOf(First, Base.prototype.own))).toBe('handler');
      expect(metadata.of(contextOf(First, Base.prototype.inherited))).toBe('first');
      expect(metadata.of(contextOf(Second, Base.prototype.inherited))).toBe('second');
      expect(metadata.of(contextOf(Base, Base.prototype.inherited))).toBeUndefined();
    }
  });
});
