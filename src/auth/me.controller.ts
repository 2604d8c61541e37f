import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiBearer } from '../http/api-docs.decorators';
import { AuthenticatedUser } from '../access/authenticated-user';
import { CurrentUser } from '../access/current-user.decorator';

export class MeResponse {
  @ApiProperty({ example: 42 })
  id!: number;

  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: false })
  is_staff!: boolean;

  @ApiProperty({ type: [String], example: ['read:messages'] })
  scopes!: readonly string[];
}

@ApiTags('me')
@ApiBearer()
@Controller('api/me')
export class MeController {
  /** From the token alone: answers while the database is down. */
  @Get()
  @ApiOperation({ summary: 'Who the access token belongs to', description: 'Read from the token alone: no database.' })
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthenticatedUser): MeResponse {
    return { id: user.id, username: user.username, is_staff: user.isStaff, scopes: user.scopes };
  }
}
