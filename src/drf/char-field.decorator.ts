import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

export interface CharFieldOptions {
  required?: boolean;
  /** DRF trims by default; passwords must not be trimmed. */
  trim?: boolean;
  allowBlank?: boolean;
  maxLength?: number;
  /** Replaces trimming: a field's own canonical form (which trims too). */
  normalize?: (value: string) => string;
}

function normalise(value: unknown, options: CharFieldOptions): unknown {
  // DRF's CharField accepts numbers and keeps them as their string form.
  if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
  if (typeof value === 'string' && options.normalize) return options.normalize(value);
  if (typeof value === 'string' && options.trim !== false) return value.trim();
  return value;
}

export function charFieldProblem(value: unknown, options: CharFieldOptions): string | null {
  if (value === undefined) return options.required === false ? null : 'This field is required.';
  if (value === null) return 'This field may not be null.';
  if (typeof value !== 'string') return 'Not a valid string.';
  if (value === '' && !options.allowBlank) return 'This field may not be blank.';
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    return `Ensure this field has no more than ${options.maxLength} characters.`;
  }
  return null;
}

/** A string field validated with DRF's CharField rules and messages, in that order. */
export function CharField(options: CharFieldOptions = {}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => normalise(value, options)),
    ValidateBy({
      name: 'charField',
      validator: {
        validate: (value: unknown) => charFieldProblem(value, options) === null,
        defaultMessage: (args) => charFieldProblem(args?.value, options) ?? 'Invalid value.',
      },
    }),
  );
}
