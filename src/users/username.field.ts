import { applyDecorators } from '@nestjs/common';
import { Matches } from 'class-validator';
import { CharField } from '../drf/char-field.decorator';

/** Django's default username rules, so names are safe in URLs, logs and the `name` claim. */
export function UsernameField(): PropertyDecorator {
  // Registered first, checked first: "required" and "blank" come before the pattern.
  return applyDecorators(
    CharField({ maxLength: 150 }),
    Matches(/^[\w.@+-]+$/, {
      message: 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
    }),
  );
}
