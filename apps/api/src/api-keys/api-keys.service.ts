import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@leadflow/domain';
import {
  type ApiKeyDocument,
  ApiKeysRepository,
  type UserDocument,
  UsersRepository,
} from '@leadflow/persistence';
import { effectiveKeyRole } from '../auth/api-key-role';
import { newApiKeySecret } from '../auth/api-key-secret';
import type { Page, PageWindow } from '../http/pagination';
import type { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

function toApiKeyDto(apiKey: ApiKeyDocument, owner: UserDocument | null): ApiKeyDto {
  return {
    id: apiKey.id,
    name: apiKey.name,
    prefix: apiKey.prefix,
    role: apiKey.role,
    effective_role: effectiveKeyRole(apiKey.role, owner),
    created_by: apiKey.created_by,
    owner_username: owner?.username ?? null,
    last_used_at: apiKey.last_used_at?.toISOString() ?? null,
    created_at: apiKey.created_at.toISOString(),
  };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly apiKeys: ApiKeysRepository,
    private readonly users: UsersRepository,
  ) {}

  /** The key is in this response and nowhere else: only its sha256 is stored. */
  async create(body: CreateApiKeyDto, createdBy: number): Promise<CreatedApiKeyDto> {
    const secret = newApiKeySecret();
    const stored = await this.apiKeys.create({
      name: body.name,
      role: body.role ?? 'editor',
      prefix: secret.prefix,
      key_hash: secret.keyHash,
      created_by: createdBy,
    });
    return Object.assign(toApiKeyDto(stored, await this.users.findById(createdBy)), { key: secret.key });
  }

  async list(window: PageWindow): Promise<Omit<Page<ApiKeyDto>, 'next' | 'previous'>> {
    const found = await this.apiKeys.list(window.skip, window.limit);
    const owners = await this.users.findByIds(found.results.map((apiKey) => apiKey.created_by));
    const ownerOf = new Map(owners.map((owner) => [owner.id, owner]));
    return {
      count: found.count,
      results: found.results.map((apiKey) => toApiKeyDto(apiKey, ownerOf.get(apiKey.created_by) ?? null)),
    };
  }

  async revoke(id: number): Promise<void> {
    if (!(await this.apiKeys.delete(id))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `API key ${id} does not exist`);
    }
  }
}
