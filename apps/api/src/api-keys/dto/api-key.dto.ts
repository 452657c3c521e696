import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../auth/auth.decorators';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CRM sync', maxLength: 100, description: 'What the key is for.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({
    enum: ROLES,
    example: 'editor',
    default: 'editor',
    description:
      "Role the key acts with, at most: never more than its owner's role at the time of a request.",
  })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class ApiKeyDto {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: 'CRM sync' })
  name!: string;

  @ApiProperty({ example: 'lf_Xq3vT9a', description: 'First characters of the key, to recognise it.' })
  prefix!: string;

  @ApiProperty({ enum: ROLES, example: 'editor', description: 'Role the key was given.' })
  role!: Role;

  @ApiProperty({
    enum: ROLES,
    example: 'editor',
    nullable: true,
    type: String,
    description:
      "Role the key acts with now: the lesser of `role` and its owner's current role; null while the owner " +
      'is deactivated or deleted, when the key is refused (401).',
  })
  effective_role!: Role | null;

  @ApiProperty({ example: 1, description: 'Id of the admin who created the key: its owner.' })
  created_by!: number;

  @ApiProperty({
    example: 'admin',
    type: String,
    nullable: true,
    description: "The owner's username; null once the owner is deleted.",
  })
  owner_username!: string | null;

  @ApiProperty({
    example: '2026-01-15T10:30:00.000Z',
    type: String,
    nullable: true,
    description: 'Last request made with the key (recorded at most once a minute); null if never used.',
  })
  last_used_at!: string | null;

  @ApiProperty({ example: '2026-01-15T10:30:00.000Z' })
  created_at!: string;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    example: 'lf_Xq3vT9aLw2c8YpQe0RZkUj4nB7sHd1MfGtVxKoA5iE6',
    description: 'The key itself, shown only in this response; send it as X-API-Key.',
  })
  key!: string;
}
