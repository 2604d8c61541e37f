import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser } from '../access/authenticated-user';
import { CurrentUser } from '../access/current-user.decorator';
import { StaffOnly } from '../access/staff-only.decorator';
import {
  ApiFieldErrors,
  ApiJsonOrFormBody,
  ApiLastStaff,
  ApiNotFound,
  ApiPaginated,
  ApiStaff,
  ApiUnavailable,
} from '../http/api-docs.decorators';
import { Client, ClientContext } from '../http/client-context';
import { IdPipe } from '../http/id.pipe';
import { fetchPage, PageQuery, PageRequest, Paginated } from '../drf/pagination';
import { AccountService } from './account.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserSearchQuery } from './dto/user-search.query';
import { toUserResponse, UserResponse } from './user.response';
import { UsersService } from '../users/users.service';

@StaffOnly()
@ApiTags('admin')
@ApiStaff()
@ApiUnavailable()
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: AccountService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List users', description: 'Ordered by id; `search` matches username or e-mail.' })
  @ApiPaginated(UserResponse)
  async list(@Query() query: UserSearchQuery, @PageQuery() page: PageRequest): Promise<Paginated<UserResponse>> {
    return fetchPage(page, async (offset, limit) => {
      const { count, users } = await this.users.list(query.search, offset, limit);
      return { count, rows: users.map(toUserResponse) };
    });
  }

  @Post()
  @ApiOperation({ summary: 'Create a user' })
  @ApiJsonOrFormBody(CreateUserDto)
  @ApiCreatedResponse({ type: UserResponse })
  @ApiFieldErrors({ username: ['A user with that username already exists.'] })
  async create(
    @Body() body: CreateUserDto,
    @CurrentUser() caller: AuthenticatedUser,
    @Client() client: ClientContext,
  ): Promise<UserResponse> {
    const user = await this.accounts.create(
      { by: caller.id, client },
      {
        username: body.username,
        password: body.password,
        email: body.email,
        isStaff: body.is_staff,
        isActive: body.is_active,
        scopes: body.scopes,
      },
    );
    return toUserResponse(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFound()
  async get(@Param('id', IdPipe) id: number): Promise<UserResponse> {
    return toUserResponse(await this.accounts.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a user',
    description:
      'Any loss of privilege (is_staff removed, a scope removed, deactivation) or a new password revokes every ' +
      'session of the user; grants show at the next refresh. The last active staff account cannot be demoted ' +
      'or deactivated.',
  })
  @ApiJsonOrFormBody(UpdateUserDto)
  @ApiOkResponse({ type: UserResponse })
  @ApiFieldErrors({ is_active: ['Must be a valid boolean.'] })
  @ApiNotFound()
  @ApiLastStaff()
  async update(
    @Param('id', IdPipe) id: number,
    @Body() body: UpdateUserDto,
    @CurrentUser() caller: AuthenticatedUser,
    @Client() client: ClientContext,
  ): Promise<UserResponse> {
    const user = await this.accounts.update({ by: caller.id, client }, id, {
      email: body.email,
      isStaff: body.is_staff,
      isActive: body.is_active,
      scopes: body.scopes,
      password: body.password,
    });
    return toUserResponse(user);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user', description: "The user's sessions are revoked first." })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFound()
  @ApiLastStaff()
  async remove(
    @Param('id', IdPipe) id: number,
    @CurrentUser() caller: AuthenticatedUser,
    @Client() client: ClientContext,
  ): Promise<void> {
    await this.accounts.remove({ by: caller.id, client }, id);
  }
}
