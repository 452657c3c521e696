import { Schema } from 'mongoose';

export const USER_ROLES = ['viewer', 'editor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A person who calls the API. The password is kept only as a bcrypt hash. */
export interface UserDocument {
  id: number;
  username: string;
  email: string | null;
  role: UserRole;
  password_hash: string;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

export const USER_MODEL = 'User';

export const userSchema = new Schema<UserDocument>(
  {
    id: { type: Number, required: true },
    username: { type: String, required: true },
    email: { type: String, default: null },
    role: { type: String, required: true, enum: USER_ROLES },
    password_hash: { type: String, required: true },
    is_active: { type: Boolean, default: true },
  },
  { versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } },
);

userSchema.index({ id: 1 }, { unique: true });
// Login looks users up by name, and two users may not share one.
userSchema.index({ username: 1 }, { unique: true });
