import { CharField } from '../../common/char-field.decorator';

/** Body of refresh and blacklist, as in SimpleJWT. */
export class RefreshDto {
  @CharField()
  refresh!: string;
}
