import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Patch,
  Post,
  Put,
  Query,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ActingUsername } from '../http/acting-username';
import { IdParam } from '../http/id-param';
import { ApiPaginatedResponse, type Page, PaginationQueryDto, pageWindow, toPage } from '../http/pagination';
import {
  CRITERION_BODY_SCHEMA,
  CRITERION_EXAMPLES,
  QualificationCriterionDto,
} from './dto/qualification-criterion.dto';
import {
  QualificationCriteriaService,
  type QualificationCriterionView,
} from './qualification-criteria.service';
import { ApiNameConflictResponse } from '../http/name-conflict.response';
import { Published, RESCORING_HEADERS, RescoringHeaderInterceptor } from '../http/rescoring-header';

const BODY = { schema: CRITERION_BODY_SCHEMA, examples: CRITERION_EXAMPLES };
const INVALID = 'The document is invalid; `errors` lists every problem.';
const NOT_FOUND = 'No criterion with this id.';

/** The guide's qualification criteria; bodies are validated by the DSL, every problem listed. */
@ApiTags('qualification criteria')
@UseInterceptors(RescoringHeaderInterceptor)
@Controller('lead-qualification/qualification-criteria')
export class QualificationCriteriaController {
  constructor(private readonly criteria: QualificationCriteriaService) {}

  @Post()
  @ApiOperation({ summary: 'Create a qualification criterion; publishes a new rule-set version' })
  @ApiBody(BODY)
  @ApiCreatedResponse({ type: QualificationCriterionDto, headers: RESCORING_HEADERS })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNameConflictResponse('criteria')
  create(
    @Body() document: unknown,
    @ActingUsername() user: string | null,
  ): Promise<Published<QualificationCriterionView>> {
    return this.criteria.create(document, user);
  }

  @Get()
  @ApiOperation({ summary: 'Qualification criteria, by minimum score' })
  @ApiPaginatedResponse(QualificationCriterionDto)
  async list(
    @Query() query: PaginationQueryDto,
    @Req() request: Request,
  ): Promise<Page<QualificationCriterionView>> {
    const window = pageWindow(query);
    return toPage(request, window, await this.criteria.list(window.skip, window.limit));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One qualification criterion' })
  @ApiOkResponse({ type: QualificationCriterionDto })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  get(@IdParam() id: number): Promise<QualificationCriterionView> {
    return this.criteria.get(id);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a qualification criterion; publishes a new rule-set version' })
  @ApiBody(BODY)
  @ApiOkResponse({ type: QualificationCriterionDto, headers: RESCORING_HEADERS })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNameConflictResponse('criteria')
  @ApiNotFoundResponse({ description: NOT_FOUND })
  replace(
    @IdParam() id: number,
    @Body() document: unknown,
    @ActingUsername() user: string | null,
  ): Promise<Published<QualificationCriterionView>> {
    return this.criteria.replace(id, document, user);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields of a criterion; publishes a new rule-set version' })
  @ApiBody({
    schema: { ...CRITERION_BODY_SCHEMA, required: [] },
    examples: { score: { value: { minimum_score: 45 } } },
  })
  @ApiOkResponse({ type: QualificationCriterionDto, headers: RESCORING_HEADERS })
  @ApiBadRequestResponse({ description: INVALID })
  @ApiNameConflictResponse('criteria')
  @ApiNotFoundResponse({ description: NOT_FOUND })
  patch(
    @IdParam() id: number,
    @Body() changes: unknown,
    @ActingUsername() user: string | null,
  ): Promise<Published<QualificationCriterionView>> {
    return this.criteria.patch(id, changes, user);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a qualification criterion; publishes a new rule-set version' })
  @ApiNoContentResponse({ headers: RESCORING_HEADERS })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  delete(@IdParam() id: number, @ActingUsername() user: string | null): Promise<Published<void>> {
    return this.criteria.delete(id, user);
  }
}
