import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import { Transform, Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Request } from 'express';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 20;
/** Past any real list; it keeps `skip` a number MongoDB takes (1e308 is an integer too, and made a 500). */
export const MAX_PAGE = 1_000_000;

/**
 * A page size above the maximum is clamped to it, as Django REST framework does, rather than refused: a
 * client asking for "everything" gets the largest page and the links to the rest. Anything that is not a
 * number is left for the validators to refuse.
 */
export function clampPageSize(value: unknown): unknown {
  const size = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof size === 'number' && size > MAX_PAGE_SIZE ? MAX_PAGE_SIZE : size;
}

/** `?page=&page_size=`, shared by every list endpoint; extend it with the endpoint's own filters. */
export class PaginationQueryDto {
  @ApiPropertyOptional({
    example: 1,
    minimum: 1,
    maximum: MAX_PAGE,
    default: 1,
    description: 'Page number, from 1.',
  })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({
    example: 20,
    minimum: 1,
    default: DEFAULT_PAGE_SIZE,
    description: `Items per page; above ${MAX_PAGE_SIZE} it is taken as ${MAX_PAGE_SIZE}, and the response's \`page_size\` says the size used.`,
  })
  @IsOptional()
  @Transform(({ value }) => clampPageSize(value))
  @IsInt()
  @Min(1)
  page_size?: number;
}

/** What a repository needs to fetch one page. */
export interface PageWindow {
  page: number;
  pageSize: number;
  skip: number;
  limit: number;
}

export function pageWindow(query: PaginationQueryDto): PageWindow {
  const page = query.page ?? 1;
  const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, skip: (page - 1) * pageSize, limit: pageSize };
}

/** The list envelope of the guide (Django REST framework's): absolute links to the neighbouring pages. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** A page as sent: with the page size used (the one asked for, clamped to MAX_PAGE_SIZE, or the default). */
export type SizedPage<T> = Page<T> & { page_size: number };

function linkTo(request: Request, page: number): string {
  const url = new URL(request.originalUrl, `${request.protocol}://${request.get('host') ?? 'localhost'}`);
  url.searchParams.set('page', String(page));
  return url.toString();
}

export function toPage<T>(
  request: Request,
  window: PageWindow,
  found: { count: number; results: T[] },
): SizedPage<T> {
  const lastPage = Math.max(1, Math.ceil(found.count / window.pageSize));
  return {
    count: found.count,
    page_size: window.pageSize,
    next: window.page < lastPage ? linkTo(request, window.page + 1) : null,
    previous: window.page > 1 ? linkTo(request, Math.min(window.page - 1, lastPage)) : null,
    results: found.results,
  };
}

class PageLinksDto {
  @ApiProperty({ example: 42, description: 'Number of matching items over all pages.' })
  count!: number;

  @ApiProperty({
    example: 20,
    description: `Page size used (a page_size above ${MAX_PAGE_SIZE} is clamped).`,
  })
  page_size!: number;

  @ApiProperty({ type: String, nullable: true, example: 'http://127.0.0.1:3000/api/leads/?page=3' })
  next!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'http://127.0.0.1:3000/api/leads/?page=1' })
  previous!: string | null;
}

/** Swagger for a `{count, next, previous, results: [item]}` response. */
export function ApiPaginatedResponse(item: Type, description?: string) {
  return applyDecorators(
    ApiExtraModels(PageLinksDto, item),
    ApiOkResponse({
      description,
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageLinksDto) },
          {
            properties: { results: { type: 'array', items: { $ref: getSchemaPath(item) } } },
            required: ['results'],
          },
        ],
      },
    }),
  );
}
