import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiPaginatedResponse, type Page, pageWindow, PaginationQueryDto, toPage } from '../http/pagination';
import { CampaignsService } from './campaigns.service';
import { CampaignDto, CampaignMemberDto } from './dto/campaign.dto';

@ApiTags('campaigns')
@ApiBadRequestResponse({ description: 'A malformed page.' })
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @ApiOperation({ summary: 'Campaigns by name, with how many leads each holds' })
  @ApiPaginatedResponse(CampaignDto)
  async list(@Query() query: PaginationQueryDto, @Req() request: Request): Promise<Page<CampaignDto>> {
    const window = pageWindow(query);
    return toPage(request, window, await this.campaigns.list(window));
  }

  @Get(':campaign/members')
  @ApiOperation({ summary: "A campaign's leads, in the order they joined" })
  @ApiParam({ name: 'campaign', example: 'nurture-q4', description: 'The campaign name, URL-encoded.' })
  @ApiPaginatedResponse(CampaignMemberDto)
  @ApiNotFoundResponse({ description: 'No lead is in a campaign of that name.' })
  async members(
    @Param('campaign') campaign: string,
    @Query() query: PaginationQueryDto,
    @Req() request: Request,
  ): Promise<Page<CampaignMemberDto>> {
    const window = pageWindow(query);
    return toPage(request, window, await this.campaigns.members(campaign, window));
  }
}
