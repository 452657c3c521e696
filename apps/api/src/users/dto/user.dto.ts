import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '../../auth/auth.decorators';

export class CreateUserDto {
  @ApiProperty({ example: 'jane.doe', pattern: '^[A-Za-z0-9._@-]{1,64}$' })
  @IsString()
  @Matches(/^[A-Za-z0-9._@-]{1,64}$/, { message: 'username must be 1-64 letters, digits or . _ @ -' })
  username!: string;

  @ApiProperty({ example: 'a long passphrase', minLength: 8, maxLength: 128, format: 'password' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;

  @ApiProperty({ enum: ROLES, example: 'editor' })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ example: 'jane.doe@example.com', nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'a new long passphrase', minLength: 8, maxLength: 128, format: 'password' })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES, example: 'viewer' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: 'jane.doe@example.com' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({
    example: false,
    description: 'A deactivated user can no longer log in or use tokens.',
  })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}

export class UserDto {
  @ApiProperty({ example: 2 })
  id!: number;

  @ApiProperty({ example: 'jane.doe' })
  username!: string;

  @ApiProperty({ example: 'jane.doe@example.com', type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ enum: ROLES, example: 'editor' })
  role!: Role;

  @ApiProperty({ example: true })
  is_active!: boolean;

  @ApiProperty({ example: '2026-01-15T10:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-15T10:30:00.000Z' })
  updated_at!: string;
}
