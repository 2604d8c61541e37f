import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationArguments } from 'class-validator';
import { pythonTypeName } from './python-type';

type Check = (value: unknown) => string | null;

/** One validator whose message depends on what is wrong, as DRF reports it. */
function drfField(name: string, check: Check, normalise?: (value: unknown) => unknown): PropertyDecorator {
  const validator = ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => check(value) === null,
      defaultMessage: (args?: ValidationArguments) => check(args?.value) ?? 'Invalid value.',
    },
  });
  return normalise
    ? applyDecorators(
        Transform(({ value }: { value: unknown }) => normalise(value)),
        validator,
      )
    : validator;
}

const TRUE = ['true', 'True', '1', 'yes', 'on'];
const FALSE = ['false', 'False', '0', 'no', 'off'];

/** DRF's BooleanField: JSON booleans, and the usual strings of form bodies. Optional. */
export function BooleanField(): PropertyDecorator {
  return drfField(
    'booleanField',
    (value) => {
      if (value === null) return 'This field may not be null.';
      return value === undefined || typeof value === 'boolean' ? null : 'Must be a valid boolean.';
    },
    (value) => {
      if (typeof value === 'string' && TRUE.includes(value)) return true;
      if (typeof value === 'string' && FALSE.includes(value)) return false;
      if (value === 1 || value === 0) return value === 1;
      return value;
    },
  );
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Optional e-mail; blank clears it. */
export function EmailField(): PropertyDecorator {
  return drfField(
    'emailField',
    (value) => {
      if (value === undefined || value === '') return null;
      if (typeof value !== 'string') return 'Not a valid string.';
      if (value.length > 254) return 'Ensure this field has no more than 254 characters.';
      return EMAIL.test(value) ? null : 'Enter a valid email address.';
    },
    (value) => (typeof value === 'string' ? value.trim() : value),
  );
}

/** RFC 6749 section 3.3 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** What is wrong with a list of scopes, or null; shared with the CLI, which takes a string. */
export function scopesProblem(value: unknown): string | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) return `Expected a list of items but got type "${pythonTypeName(value)}".`;
  if (value.some((scope) => typeof scope !== 'string' || !SCOPE_TOKEN.test(scope))) {
    return 'Each scope must be a non-empty string without spaces, quotes or backslashes.';
  }
  return value.join(' ').length > 1000 ? 'Ensure the scopes have no more than 1000 characters.' : null;
}

/** A list of scopes; a space-separated string is accepted too (form bodies, OAuth habits). Optional. */
export function ScopesField(): PropertyDecorator {
  return drfField('scopesField', scopesProblem, (value) =>
    typeof value === 'string' ? value.split(' ').filter(Boolean) : value,
  );
}
