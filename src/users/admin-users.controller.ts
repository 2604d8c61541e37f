import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { StaffOnly } from '../auth/decorators/staff-only.decorator';
import { Client, ClientContext } from '../common/client-context';
import { IdPipe } from '../common/id.pipe';
import { fetchPage, PageQuery, PageRequest, Paginated } from '../common/pagination';
import { AccountService } from './account.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserSearchQuery } from './dto/user-search.query';
import { toUserResponse, UserResponse } from './user.response';
import { UsersService } from './users.service';

@StaffOnly()
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: AccountService,
  ) {}

  @Get()
  async list(@Query() query: UserSearchQuery, @PageQuery() page: PageRequest): Promise<Paginated<UserResponse>> {
    return fetchPage(page, async (offset, limit) => {
      const { count, users } = await this.users.list(query.search, offset, limit);
      return { count, rows: users.map(toUserResponse) };
    });
  }

  @Post()
  async create(
    @Body() body: CreateUserDto,
    @CurrentUser() caller: AuthenticatedUser,
    @Client() client: ClientContext,
  ): Promise<UserResponse> {
    const user = await this.accounts.create(
      { userId: caller.id, client },
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
  async get(@Param('id', IdPipe) id: number): Promise<UserResponse> {
    return toUserResponse(await this.accounts.get(id));
  }

  @Patch(':id')
  async update(
    @Param('id', IdPipe) id: number,
    @Body() body: UpdateUserDto,
    @CurrentUser() caller: AuthenticatedUser,
    @Client() client: ClientContext,
  ): Promise<UserResponse> {
    const user = await this.accounts.update({ userId: caller.id, client }, id, {
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
  async remove(
    @Param('id', IdPipe) id: number,
    @CurrentUser() caller: AuthenticatedUser,
    @Client() client: ClientContext,
  ): Promise<void> {
    await this.accounts.remove({ userId: caller.id, client }, id);
  }
}
