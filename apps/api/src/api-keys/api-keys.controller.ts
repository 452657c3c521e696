import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser, RequireRole } from '../auth/auth.decorators';
import { IdParam } from '../http/id-param';
import { ApiPaginatedResponse, type Page, pageWindow, PaginationQueryDto, toPage } from '../http/pagination';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('api-keys')
@ApiForbiddenResponse({ description: 'Only admins manage API keys.' })
@RequireRole('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOperation({ summary: 'List API keys (prefixes only; a key is never shown again)' })
  @ApiPaginatedResponse(ApiKeyDto)
  async list(@Query() query: PaginationQueryDto, @Req() request: Request): Promise<Page<ApiKeyDto>> {
    const window = pageWindow(query);
    return toPage(request, window, await this.apiKeys.list(window));
  }

  @Post()
  @ApiOperation({
    summary: 'Create an API key for an integration',
    description: 'The response carries the key once; store it, then send it as `X-API-Key`.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body() body: CreateApiKeyDto, @CurrentUser() admin: AuthenticatedUser): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(body, admin.id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke an API key' })
  @ApiNoContentResponse({ description: 'Revoked; the key stops working at once.' })
  @ApiNotFoundResponse({ description: 'No such API key.' })
  revoke(@IdParam() id: number): Promise<void> {
    return this.apiKeys.revoke(id);
  }
}
