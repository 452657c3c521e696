import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { type UserDocument, UsernameTakenError, UsersRepository } from '@leadflow/persistence';
import { hashPassword } from '../auth/passwords';
import type { Page, PageWindow } from '../http/pagination';
import type { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';

function toUserDto(user: UserDocument): UserDto {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    is_active: user.is_active,
    created_at: user.created_at.toISOString(),
    updated_at: user.updated_at.toISOString(),
  };
}

function userNotFound(id: number): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `User ${id} does not exist`);
}

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  async create(body: CreateUserDto): Promise<UserDto> {
    try {
      const user = await this.users.create({
        username: body.username,
        role: body.role,
        email: body.email ?? null,
        password_hash: await hashPassword(body.password),
      });
      return toUserDto(user);
    } catch (error) {
      if (!(error instanceof UsernameTakenError)) throw error;
      throw new DomainError(ErrorCode.CONFLICT, `A user named ${body.username} exists`, [
        { pointer: '/username', code: 'DUPLICATE', message: 'username is taken' },
      ]);
    }
  }

  async list(window: PageWindow): Promise<Omit<Page<UserDto>, 'next' | 'previous'>> {
    const found = await this.users.list(window.skip, window.limit);
    return { count: found.count, results: found.results.map(toUserDto) };
  }

  async get(id: number): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw userNotFound(id);
    return toUserDto(user);
  }

  async update(id: number, body: UpdateUserDto, actingUserId: number): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw userNotFound(id);
    const losesAdmin =
      user.role === 'admin' && ((body.role ?? 'admin') !== 'admin' || body.is_active === false);
    if (losesAdmin) await this.refuseRemovingLastAdmin(id, actingUserId);
    const updated = await this.users.update(id, {
      ...(body.role !== undefined && { role: body.role }),
      ...(body.email !== undefined && { email: body.email }),
      ...(body.is_active !== undefined && { is_active: body.is_active }),
      ...(body.password !== undefined && { password_hash: await hashPassword(body.password) }),
    });
    if (!updated) throw userNotFound(id);
    return toUserDto(updated);
  }

  async delete(id: number, actingUserId: number): Promise<void> {
    const user = await this.users.findById(id);
    if (!user) throw userNotFound(id);
    if (user.role === 'admin') await this.refuseRemovingLastAdmin(id, actingUserId);
    if (!(await this.users.delete(id))) throw userNotFound(id);
  }

  /** Nobody may lock everyone out: the last active admin, or one's own admin account, stays. */
  private async refuseRemovingLastAdmin(id: number, actingUserId: number): Promise<void> {
    if (id === actingUserId) {
      throw new DomainError(ErrorCode.CONFLICT, 'An admin cannot remove or demote their own account');
    }
    if ((await this.users.countAdmins()) <= 1) {
      throw new DomainError(ErrorCode.CONFLICT, 'The last active admin cannot be removed or demoted');
    }
  }
}
