import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import {
  getMetadataStorage,
  validate,
  ValidationError,
  ValidatorOptions,
  validateSync,
  ValidationTypes,
} from 'class-validator';
import { hasFieldChecks } from './field-checks';
import { FieldErrors } from './field.errors';
import { pythonTypeName } from './python-type';

function fieldMessages(errors: ValidationError[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    fields[error.property] = Object.values(error.constraints ?? {}).slice(0, 1);
  }
  return fields;
}

/** How a class is validated: not at all, by `validateSync`, or by `validate` (a promise). */
type Rules = 'none' | 'sync' | 'async';

/** Per class: the metadata storage is filtered anew on every lookup, and classes do not change. */
const rulesByClass = new WeakMap<object, Rules>();

/**
 * The rules this service's DTOs use, all plain functions: class-validator's `isIn`, `matches`
 * and `isOptional`, the DRF fields of this folder and the audit query's date. `validateSync`
 * silently skips a rule that answers with a promise, so a class with any other rule is validated
 * by `validate`. A synchronous pipe spares each body its promises: about 4 us of the 6-12 us a
 * body's validation took while the request store's promise hooks are on (measured in-process).
 */
const SYNCHRONOUS_RULES = new Set([
  'isIn',
  'matches',
  'isOptional',
  'charField',
  'emailField',
  'booleanField',
  'scopesField',
  'isoDateTime',
]);

function rulesOf(metatype: ArgumentMetadata['metatype']): Rules {
  if (!metatype) return 'none';
  let rules = rulesByClass.get(metatype);
  if (rules === undefined) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
    const synchronous = metadatas.every(
      (metadata) =>
        (metadata.type === ValidationTypes.CUSTOM_VALIDATION ||
          metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) &&
        SYNCHRONOUS_RULES.has(metadata.name ?? ''),
    );
    rules = metadatas.length === 0 ? 'none' : synchronous ? 'sync' : 'async';
    rulesByClass.set(metatype, rules);
  }
  return rules;
}

const OPTIONS: ValidatorOptions = { whitelist: true, stopAtFirstError: true, forbidUnknownValues: false };

/**
 * Validates request bodies and queries against their DTO class and answers with DRF field
 * errors (`{"field": ["message"]}`), so clients written for SimpleJWT parse our 400s unchanged.
 * Unknown properties are dropped, as DRF ignores them.
 */
@Injectable()
export class DrfValidationPipe implements PipeTransform<unknown> {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const rules = metadata.type === 'body' || metadata.type === 'query' ? rulesOf(metadata.metatype) : 'none';
    if (rules === 'none') return value;
    const data = value === undefined ? {} : value;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw FieldErrors.of('non_field_errors', `Invalid data. Expected a dictionary, but got ${pythonTypeName(data)}.`);
    }
    const instance = plainToInstance(metadata.metatype as new () => object, data);
    if (rules === 'sync') return checked(instance, validateSync(instance, OPTIONS));
    return validate(instance, OPTIONS).then((errors) => checked(instance, errors));
  }
}

/** The instance, or DRF's field errors: class-validator's first, then the DTO's own field checks. */
function checked(instance: object, errors: ValidationError[]): object {
  const fields = fieldMessages(errors);
  if (hasFieldChecks(instance)) {
    const more = instance.fieldChecks((field) => !(field in fields));
    for (const [field, messages] of Object.entries(more)) {
      if (messages.length > 0 && !(field in fields)) fields[field] = messages;
    }
  }
  if (Object.keys(fields).length > 0) throw new FieldErrors(fields);
  return instance;
}
