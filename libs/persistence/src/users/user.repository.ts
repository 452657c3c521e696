import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError, SequentialIds } from '../sequential-ids';
import { type UserDocument, type UserRole, USER_MODEL } from './user.schema';

export type NewUser = Pick<UserDocument, 'username' | 'role' | 'password_hash'> &
  Partial<Pick<UserDocument, 'email' | 'is_active'>>;
export type UserChanges = Partial<Pick<UserDocument, 'email' | 'role' | 'password_hash' | 'is_active'>>;

export class UsernameTakenError extends Error {
  constructor(readonly username: string) {
    super(`username ${username} is taken`);
  }
}

@Injectable()
export class UsersRepository implements OnModuleInit {
  constructor(
    @InjectModel(USER_MODEL) private readonly users: Model<UserDocument>,
    private readonly ids: SequentialIds,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.users.init();
  }

  /** Throws UsernameTakenError when the name is in use (the unique index decides, also under races). */
  async create(user: NewUser): Promise<UserDocument> {
    try {
      return await this.ids.insert<UserDocument>(this.users, 'users', {
        email: null,
        is_active: true,
        ...user,
      } as Omit<UserDocument, 'id'>);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new UsernameTakenError(user.username);
      throw error;
    }
  }

  async findById(id: number): Promise<UserDocument | null> {
    return this.users.findOne({ id }, { _id: 0 }).lean<UserDocument>();
  }

  /** The users with these ids that exist, in no particular order (one query for a page of references). */
  async findByIds(ids: readonly number[]): Promise<UserDocument[]> {
    if (ids.length === 0) return [];
    return this.users.find({ id: { $in: [...new Set(ids)] } }, { _id: 0 }).lean<UserDocument[]>();
  }

  async findByUsername(username: string): Promise<UserDocument | null> {
    return this.users.findOne({ username }, { _id: 0 }).lean<UserDocument>();
  }

  async list(skip: number, limit: number): Promise<{ count: number; results: UserDocument[] }> {
    const [count, results] = await Promise.all([
      this.users.countDocuments({}),
      this.users.find({}, { _id: 0 }).sort({ id: 1 }).skip(skip).limit(limit).lean<UserDocument[]>(),
    ]);
    return { count, results };
  }

  async update(id: number, changes: UserChanges): Promise<UserDocument | null> {
    await this.users.updateOne({ id }, { $set: changes });
    return this.findById(id);
  }

  async delete(id: number): Promise<boolean> {
    return (await this.users.deleteOne({ id })).deletedCount === 1;
  }

  async countAdmins(): Promise<number> {
    const role: UserRole = 'admin';
    return this.users.countDocuments({ role, is_active: true });
  }
}
