import { SetMetadata } from '@nestjs/common';

export const REQUIRED_SCOPES = 'auth:scopes';

/** Every listed scope must be in the caller's `scope` claim (checked by `ScopesGuard`). */
export const Scopes = (...scopes: string[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_SCOPES, scopes);
