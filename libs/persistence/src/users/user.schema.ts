import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const USER_ROLES = ['viewer', 'editor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A person who calls the API. The password is kept only as a bcrypt hash. */
@Schema({ versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class UserDocument {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: String, required: true })
  username!: string;

  @Prop({ type: String, default: null })
  email!: string | null;

  @Prop({ type: String, required: true, enum: USER_ROLES })
  role!: UserRole;

  @Prop({ type: String, required: true })
  password_hash!: string;

  @Prop({ type: Boolean, default: true })
  is_active!: boolean;

  /** set by the schema's timestamps */
  created_at!: Date;
  updated_at!: Date;
}

export const USER_MODEL = 'User';

export const userSchema = SchemaFactory.createForClass(UserDocument);

userSchema.index({ id: 1 }, { unique: true });
// Login looks users up by name, and two users may not share one.
userSchema.index({ username: 1 }, { unique: true });
