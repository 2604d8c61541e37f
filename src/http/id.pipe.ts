import { Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from './api.error';

/** A numeric path id; anything else names nothing, so it is 404 like an unknown id. */
@Injectable()
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,15}$/.test(value)) throw ApiError.notFound();
    return Number(value);
  }
}
