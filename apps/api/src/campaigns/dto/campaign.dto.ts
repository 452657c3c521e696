import { ApiProperty } from '@nestjs/swagger';

export class CampaignDto {
  @ApiProperty({
    example: 'nurture-q4',
    description: 'The name an add_to_campaign step gave (numbers as text).',
  })
  campaign!: string;
  @ApiProperty({ example: 42, description: 'How many leads are in it.' }) members!: number;
}

/** One lead in a campaign. */
export class CampaignMemberDto {
  @ApiProperty({ example: 123 }) lead_id!: number;
  @ApiProperty({ example: 'qualification-7-lead-123-score-456', nullable: true, type: String })
  added_by_workflow_id!: string | null;
  @ApiProperty({ example: '2025-11-12T10:30:00.000Z', type: String, format: 'date-time' }) added_at!: Date;
}
