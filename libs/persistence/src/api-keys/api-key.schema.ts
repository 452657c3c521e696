import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { USER_ROLES, type UserRole } from '../users/user.schema';

/**
 * A key for an integration. The key itself is shown once at creation; only its sha256 is stored (a key is
 * 32 random bytes, so a fast hash is enough: there is nothing to brute-force), plus a prefix to recognise it.
 */
@Schema({ versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class ApiKeyDocument {
  @Prop({ type: Number, required: true })
  id!: number;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true })
  prefix!: string;

  @Prop({ type: String, required: true })
  key_hash!: string;

  @Prop({ type: String, required: true, enum: USER_ROLES })
  role!: UserRole;

  @Prop({ type: Number, required: true })
  created_by!: number;

  @Prop({ type: Date, default: null })
  last_used_at!: Date | null;

  /** set by the schema's timestamps */
  created_at!: Date;
  updated_at!: Date;
}

export const API_KEY_MODEL = 'ApiKey';

export const apiKeySchema = SchemaFactory.createForClass(ApiKeyDocument);

apiKeySchema.index({ id: 1 }, { unique: true });
// Every request with X-API-Key looks its key up by hash.
apiKeySchema.index({ key_hash: 1 }, { unique: true });
