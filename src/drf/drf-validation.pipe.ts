import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, ValidationError } from 'class-validator';
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

/** Per class: the metadata storage is filtered anew on every lookup, and classes do not change. */
const validated = new WeakMap<object, boolean>();

function hasValidationRules(metatype: ArgumentMetadata['metatype']): metatype is new () => object {
  if (!metatype) return false;
  let known = validated.get(metatype);
  if (known === undefined) {
    known = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false).length > 0;
    validated.set(metatype, known);
  }
  return known;
}

/**
 * Validates request bodies and queries against their DTO class and answers with DRF field
 * errors (`{"field": ["message"]}`), so clients written for SimpleJWT parse our 400s unchanged.
 * Unknown properties are dropped, as DRF ignores them.
 */
@Injectable()
export class DrfValidationPipe implements PipeTransform<unknown> {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type !== 'body' && metadata.type !== 'query') || !hasValidationRules(metadata.metatype)) {
      return value;
    }
    const data = value === undefined ? {} : value;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw FieldErrors.of('non_field_errors', `Invalid data. Expected a dictionary, but got ${pythonTypeName(data)}.`);
    }
    const instance = plainToInstance(metadata.metatype, data);
    const errors = await validate(instance, { whitelist: true, stopAtFirstError: true, forbidUnknownValues: false });
    const fields = fieldMessages(errors);
    if (hasFieldChecks(instance)) {
      const checked = instance.fieldChecks((field) => !(field in fields));
      for (const [field, messages] of Object.entries(checked)) {
        if (messages.length > 0 && !(field in fields)) fields[field] = messages;
      }
    }
    if (Object.keys(fields).length > 0) throw new FieldErrors(fields);
    return instance;
  }
}
