/** DRF field errors: `{"password": ["This field is required."]}`, always answered with 400. */
export class FieldErrors extends Error {
  constructor(readonly fields: Record<string, string[]>) {
    super('Invalid input');
    this.name = 'FieldErrors';
  }

  static of(field: string, message: string): FieldErrors {
    return new FieldErrors({ [field]: [message] });
  }
}
