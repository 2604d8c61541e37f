import { SetMetadata } from '@nestjs/common';

export const STAFF_ONLY = 'auth:staffOnly';

/** Only callers whose token says `is_staff` (checked by `StaffGuard`). */
export const StaffOnly = (): MethodDecorator & ClassDecorator => SetMetadata(STAFF_ONLY, true);
