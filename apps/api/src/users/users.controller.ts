import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { IdParam } from '../http/id-param';
import { ApiPaginatedResponse, type Page, pageWindow, PaginationQueryDto, toPage } from '../http/pagination';
import { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiForbiddenResponse({ description: 'Only admins manage users.' })
@RequireRole('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users' })
  @ApiPaginatedResponse(UserDto)
  async list(@Query() query: PaginationQueryDto, @Req() request: Request): Promise<Page<UserDto>> {
    const window = pageWindow(query);
    return toPage(request, window, await this.users.list(window));
  }

  @Post()
  @ApiOperation({ summary: 'Create a user with a role (viewer, editor or admin)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'The username is taken.' })
  create(@Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Retrieve a user' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'No such user.' })
  get(@IdParam() id: number): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: password, role, email or active flag' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'No such user.' })
  @ApiConflictResponse({ description: 'It would remove the last admin or demote oneself.' })
  update(
    @IdParam() id: number,
    @Body() body: UpdateUserDto,
    @CurrentUser() actingUser: AuthenticatedUser,
  ): Promise<UserDto> {
    return this.users.update(id, body, actingUser.id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a user' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ description: 'No such user.' })
  @ApiConflictResponse({ description: 'It would remove the last admin or oneself.' })
  delete(@IdParam() id: number, @CurrentUser() actingUser: AuthenticatedUser): Promise<void> {
    return this.users.delete(id, actingUser.id);
  }
}
