import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class TokenRequestDto {
  @ApiProperty({ example: 'admin', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'admin', maxLength: 128, format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;

  // What an OAuth2 password-flow client (Swagger UI's Authorize) sends beside the credentials, as a form.
  @ApiPropertyOptional({ example: 'password', enum: ['password'], description: 'OAuth2 clients send it.' })
  @IsOptional()
  @Equals('password')
  grant_type?: 'password';

  @ApiPropertyOptional({ example: '', description: 'OAuth2 scopes; ignored (roles decide access).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  scope?: string;

  @ApiPropertyOptional({ description: 'OAuth2 client id; ignored.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_id?: string;

  @ApiPropertyOptional({ description: 'OAuth2 client secret; ignored.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  client_secret?: string;
}

export class TokenResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOjF9.c2lnbmF0dXJl' })
  access_token!: string;

  @ApiProperty({ example: 'Bearer', enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Seconds until the token expires.' })
  expires_in!: number;
}
