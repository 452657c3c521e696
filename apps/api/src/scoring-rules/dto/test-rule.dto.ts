import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

export class LeadIdDto {
  @ApiProperty({ example: 123, description: 'Integer id of the lead.' })
  @IsInt()
  @Min(1)
  lead_id!: number;
}
