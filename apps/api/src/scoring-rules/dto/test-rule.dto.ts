import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsObject, Min } from 'class-validator';
import { SCORING_RULE_EXAMPLES } from './scoring-rule.dto';

export class LeadIdDto {
  @ApiProperty({ example: 123, description: 'Integer id of the lead.' })
  @IsInt()
  @Min(1)
  lead_id!: number;
}

/** A draft rule (as the editor holds it, unsaved) tried on one lead. */
export class DraftTestDto extends LeadIdDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The rule document as POST scoring-rules/ takes it; validated and compiled the same way, never stored.',
    example: SCORING_RULE_EXAMPLES.decision_maker.value,
  })
  @IsObject()
  rule!: Record<string, unknown>;
}
