import { applyDecorators } from '@nestjs/common';
import { Matches } from 'class-validator';
import { CharField } from '../drf/char-field.decorator';
import { INVALID_USERNAME, normalizeUsername, USERNAME_MAX_LENGTH, USERNAME_PATTERN } from './username.policy';

/** Django's default username rules, so names are safe in URLs, logs and the `name` claim. */
export function UsernameField(): PropertyDecorator {
  // Registered first, checked first: "required" and "blank" come before the pattern.
  return applyDecorators(
    CharField({ maxLength: USERNAME_MAX_LENGTH, normalize: normalizeUsername }),
    Matches(USERNAME_PATTERN, { message: INVALID_USERNAME }),
  );
}

/** A username to look up (login): normalised like a stored one, no further rules. */
export function UsernameLookupField(): PropertyDecorator {
  return CharField({ normalize: normalizeUsername });
}
