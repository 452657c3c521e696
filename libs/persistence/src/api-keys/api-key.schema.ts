import { Schema } from 'mongoose';
import { USER_ROLES, type UserRole } from '../users/user.schema';

/**
 * A key for an integration. The key itself is shown once at creation; only its sha256 is stored (a key is
 * 32 random bytes, so a fast hash is enough: there is nothing to brute-force), plus a prefix to recognise it.
 */
export interface ApiKeyDocument {
  id: number;
  name: string;
  prefix: string;
  key_hash: string;
  role: UserRole;
  created_by: number;
  last_used_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const API_KEY_MODEL = 'ApiKey';

export const apiKeySchema = new Schema<ApiKeyDocument>(
  {
    id: { type: Number, required: true },
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    key_hash: { type: String, required: true },
    role: { type: String, required: true, enum: USER_ROLES },
    created_by: { type: Number, required: true },
    last_used_at: { type: Date, default: null },
  },
  { versionKey: false, timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } },
);

apiKeySchema.index({ id: 1 }, { unique: true });
// Every request with X-API-Key looks its key up by hash.
apiKeySchema.index({ key_hash: 1 }, { unique: true });
