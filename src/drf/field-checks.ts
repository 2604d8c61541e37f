/**
 * A DTO's own checks of fields that passed their declared rules, as DRF's `validate_<field>`
 * methods: the validation pipe runs them too, so one answer lists every invalid field.
 */
export interface FieldChecks {
  /** Messages per field name; only fields without errors of their own are asked about. */
  fieldChecks(valid: (field: string) => boolean): Record<string, string[]>;
}

export function hasFieldChecks(value: object): value is FieldChecks {
  return typeof (value as Partial<FieldChecks>).fieldChecks === 'function';
}
