import { ApiProperty } from '@nestjs/swagger';

export class ImportFieldErrorDto {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: 'email must be an email' })
  message!: string;

  @ApiProperty({ example: 'isEmail' })
  code!: string;
}

export class ImportRowErrorDto {
  @ApiProperty({
    example: 3,
    description: 'Row number, from 1 (the first lead; a CSV header is not counted).',
  })
  row!: number;

  @ApiProperty({ type: [ImportFieldErrorDto] })
  errors!: ImportFieldErrorDto[];
}

export class ImportResultDto {
  @ApiProperty({ example: 2, description: 'Leads created.' })
  created!: number;

  @ApiProperty({ example: 1, description: 'Rows refused; none of their fields were written.' })
  failed!: number;

  @ApiProperty({
    type: [Number],
    example: [124, 125],
    description: 'Ids of the created leads, in row order.',
  })
  ids!: number[];

  @ApiProperty({ type: [ImportRowErrorDto] })
  errors!: ImportRowErrorDto[];
}
