import { Controller, Get, Headers, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CONFIG, type Config } from '@leadflow/config';
import { Public } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { HealthReportDto } from './health.dto';
import { HealthService, type HealthReport, withoutErrorTexts } from './health.service';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly health: HealthService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Reachability of MongoDB, Redis and Temporal',
    description:
      '200 when all three answer; 503 (with Retry-After) naming each one that does not (in `down` and ' +
      '`checks`). Anyone may call it; the error text of a dependency that is down is shown to admins only ' +
      '(send a bearer token or X-API-Key).',
  })
  @ApiOkResponse({ type: HealthReportDto })
  @ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'At least one dependency is down.' })
  async check(
    @Res({ passthrough: true }) response: Response,
    @Headers('authorization') authorization: string | undefined,
    @Headers('x-api-key') apiKey: string | undefined,
  ): Promise<HealthReport> {
    const [report, admin] = await Promise.all([
      this.health.report(),
      this.auth.isAdmin(authorization, apiKey),
    ]);
    if (report.status === 'ok') {
      response.status(HttpStatus.OK);
    } else {
      response
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .setHeader('Retry-After', this.config.RETRY_AFTER_SECONDS);
    }
    return admin ? report : withoutErrorTexts(report);
  }
}
