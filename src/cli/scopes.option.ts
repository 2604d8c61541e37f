import { scopesProblem } from '../drf/drf-fields.decorator';
import { FieldErrors } from '../drf/field.errors';

/** The `--scopes` value as the API's scopes field reads it, refused with the API's message; none without it. */
export function parseScopesOption(value: string | undefined): string[] | undefined {
  const scopes = value?.split(' ').filter(Boolean);
  const problem = scopesProblem(scopes);
  if (problem) throw FieldErrors.of('scopes', problem);
  return scopes;
}
