import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DependencyHealthDto {
  @ApiProperty({ enum: ['up', 'down'], example: 'up' })
  status!: 'up' | 'down';

  @ApiProperty({ example: 3, description: 'Time the probe took, in milliseconds.' })
  latency_ms!: number;

  @ApiPropertyOptional({
    example: 'connect ECONNREFUSED 127.0.0.1:6379',
    description: 'Why the probe failed; shown to admins only.',
  })
  error?: string;
}

export class HealthChecksDto {
  @ApiProperty({ type: DependencyHealthDto })
  mongo!: DependencyHealthDto;

  @ApiProperty({ type: DependencyHealthDto })
  redis!: DependencyHealthDto;

  @ApiProperty({ type: DependencyHealthDto })
  temporal!: DependencyHealthDto;
}

export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'unavailable'], example: 'ok' })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ type: [String], example: [], description: 'Dependencies that did not answer.' })
  down!: string[];

  @ApiProperty({ type: HealthChecksDto })
  checks!: HealthChecksDto;
}
