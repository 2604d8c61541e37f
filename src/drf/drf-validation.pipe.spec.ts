import 'reflect-metadata';
import { ArgumentMetadata } from '@nestjs/common';
import { ValidateBy } from 'class-validator';
import { CharField } from './char-field.decorator';
import { DrfValidationPipe } from './drf-validation.pipe';
import { ChangePasswordDto } from '../accounts/dto/change-password.dto';
import { CreateUserDto } from '../accounts/dto/create-user.dto';
import { UpdateUserDto } from '../accounts/dto/update-user.dto';
import { UserSearchQuery } from '../accounts/dto/user-search.query';
import { AuditQuery } from '../audit/audit-query.dto';
import { LoginDto } from '../auth/dto/login.dto';
import { RefreshDto } from '../auth/dto/refresh.dto';
import { VerifyDto } from '../auth/dto/verify.dto';
import { FieldErrors } from './field.errors';

class TokenBody {
  @CharField()
  token!: string;
}

/** A rule that answers later, as a lookup would: class-validator's validateSync would skip it. */
class CodeBody {
  @CharField()
  code!: string;

  @ValidateBy({
    name: 'knownCode',
    async: true,
    validator: {
      validate: (value: unknown) => Promise.resolve(value === 'known'),
      defaultMessage: () => 'Unknown code.',
    },
  })
  get known(): string {
    return this.code;
  }
}

const pipe = new DrfValidationPipe();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

function fieldsOf(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    if (error instanceof FieldErrors) return error.fields;
    throw error;
  }
  throw new Error('no field errors');
}

describe('DrfValidationPipe', () => {
  it('validates a body whose rules are all synchronous without a promise, unknown fields dropped', () => {
    const result = pipe.transform({ token: ' abc ', extra: 1 }, body(TokenBody));
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toBeInstanceOf(TokenBody);
    expect({ ...(result as TokenBody) }).toEqual({ token: 'abc' });
    expect(fieldsOf(() => pipe.transform({}, body(TokenBody)))).toEqual({ token: ['This field is required.'] });
    expect(fieldsOf(() => pipe.transform({ token: 5n }, body(TokenBody)))).toEqual({ token: ['Not a valid string.'] });
  });

  it("validates every DTO of the service's routes synchronously", () => {
    const dtos = [LoginDto, RefreshDto, VerifyDto, ChangePasswordDto, CreateUserDto, UpdateUserDto];
    for (const dto of dtos) {
      let answer: unknown;
      try {
        answer = pipe.transform({}, body(dto));
      } catch (error) {
        answer = error;
      }
      // Answered at once: the instance, or the field errors thrown.
      expect([dto.name, answer instanceof dto || answer instanceof FieldErrors]).toEqual([dto.name, true]);
    }
    for (const query of [UserSearchQuery, AuditQuery]) {
      expect(pipe.transform({}, { type: 'query', metatype: query })).toBeInstanceOf(query);
    }
  });

  it('refuses what is not a dictionary, as DRF words it', () => {
    expect(fieldsOf(() => pipe.transform([1], body(TokenBody)))).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    });
  });

  it('still runs an asynchronous rule, which a synchronous validation would skip', async () => {
    await expect(pipe.transform({ code: 'known' }, body(CodeBody))).resolves.toBeInstanceOf(CodeBody);
    await expect(pipe.transform({ code: 'other' }, body(CodeBody))).rejects.toEqual(
      new FieldErrors({ known: ['Unknown code.'] }),
    );
  });

  it('leaves parameters other than bodies and queries, and classes without rules, as they are', () => {
    const value = { token: 1 };
    expect(pipe.transform(value, { type: 'param', metatype: TokenBody })).toBe(value);
    expect(pipe.transform(value, body(Object))).toBe(value);
    expect(pipe.transform(value, body(undefined))).toBe(value);
  });
});
