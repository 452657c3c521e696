import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import type { PublishRescoringRef } from '@leadflow/scoring';

/** Names the rescoring a save started or joined, beside the guide's body, which stays as the guide shows it. */
export const RESCORING_HEADER = 'X-Rescoring-Job';

/** Swagger's `headers` of a response that publishes a rule-set version. */
export const RESCORING_HEADERS = {
  [RESCORING_HEADER]: {
    description:
      'The bulk rescoring of every lead that will score with the version this change published (setting ' +
      '`rescore_on_publish`); follow it at GET /lead-qualification/lead-scores/bulk_calculate/{job_id}/. ' +
      'Saves close together share one: absent when the setting is off.',
    schema: { type: 'string', example: 'publish-rescoring-7' },
  },
};

/** What a service answers for a change that published a version: the body, and the rescoring it caused. */
export class Published<T> {
  constructor(
    readonly value: T,
    readonly rescoring: PublishRescoringRef | null,
  ) {}
}

/** Answers a Published result as its body, with its rescoring named in RESCORING_HEADER. */
@Injectable()
export class RescoringHeaderInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Published)) return result;
        const published = result as Published<unknown>;
        if (published.rescoring) {
          context
            .switchToHttp()
            .getResponse<Response>()
            .setHeader(RESCORING_HEADER, published.rescoring.job_id);
        }
        return published.value;
      }),
    );
  }
}
