import { Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CONFIG, type Config } from '@leadflow/config';
import { DomainError, ErrorCode, type LeadOutcome, parseCsv, readOutcome } from '@leadflow/domain';
import { ActivitiesRepository, isStorageUnreachable, LeadsRepository } from '@leadflow/persistence';
import { assertAcceptable } from '../http/body-gate';
import { fieldOfPointer, toErrorBody } from '../http/error-response';
import { problemsOf } from '../http/validation';
import { type ImportResultDto, ImportLeadDto, type ImportRowErrorDto } from './dto/import.dto';
import { fullLeadFields } from './lead-mapping';
import { LeadRescoringService } from './lead-rescoring.service';

export const MAX_IMPORT_ROWS = 5_000;

const CSV_NUMBER_FIELDS = new Set(['owner_id']);
const CSV_NUMBER_OR_TEXT_FIELDS = new Set(['company_revenue', 'outcome_amount']);

/** Import columns that carry the lead's outcome, by the outcome document's field each one fills. */
const OUTCOME_COLUMNS = {
  outcome: 'outcome',
  outcome_date: 'date',
  outcome_amount: 'amount',
  outcome_reason: 'reason',
} as const;

/**
 * Splits a row into the lead's fields and its outcome document (null when the row sets no outcome), so the
 * lead's fields are validated as a created lead's are and the outcome as POST .../outcome/ validates it.
 */
function splitOutcome(row: Record<string, unknown>): {
  fields: Record<string, unknown>;
  outcome: Record<string, unknown> | null;
} {
  const fields: Record<string, unknown> = {};
  const outcome: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    const field = (OUTCOME_COLUMNS as Record<string, string>)[column];
    if (field === undefined) fields[column] = value;
    else outcome[field] = value;
  }
  return { fields, outcome: Object.keys(outcome).length > 0 ? outcome : null };
}
const CSV_JSON_OBJECT_FIELDS = new Set(['social_profiles', 'custom_fields']);
const CUSTOM_FIELD_COLUMN = /^custom_fields\.(.+)$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

function refuse(message: string, pointer = ''): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ pointer, code: 'import', message }]);
}

/**
 * One CSV cell as the JSON value a client would send. Cells that cannot be converted are passed on as
 * text, so that the row's validation names the field instead of the import failing as a whole.
 */
function csvValue(column: string, cell: string): unknown {
  if (CSV_NUMBER_FIELDS.has(column)) return /^\d+$/.test(cell) ? Number(cell) : cell;
  if (CSV_NUMBER_OR_TEXT_FIELDS.has(column)) return NUMERIC.test(cell) ? Number(cell) : cell;
  if (column === 'technologies') {
    return cell
      .split(/[;|]/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  if (CSV_JSON_OBJECT_FIELDS.has(column)) {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      return cell;
    }
  }
  return cell;
}

/** CSV text to the JSON rows a client would send: header names are field names, empty cells are absent. */
export function rowsOfCsv(text: string): Record<string, unknown>[] {
  const parsed = parseCsv(text);
  if ('error' in parsed) throw refuse(`The CSV is malformed: ${parsed.error}`);
  const [header, ...lines] = parsed.rows;
  if (!header) throw refuse('The CSV is empty: it needs a header line and one line per lead');
  const columns = header.map((name) => name.trim());
  return lines.map((cells) => {
    const row: Record<string, unknown> = {};
    cells.forEach((cell, index) => {
      const column = columns[index] ?? `column_${index + 1}`;
      const value = cell.trim();
      if (value === '') return;
      const custom = CUSTOM_FIELD_COLUMN.exec(column);
      if (custom?.[1]) {
        const fields = (row.custom_fields ??= {}) as Record<string, unknown>;
        fields[custom[1]] = value;
      } else {
        row[column] = csvValue(column, value);
      }
    });
    return row;
  });
}

/** A row that was valid but could not be written, in the words the API would use for the error. */
function writeFailure(row: number, error: unknown, storedLeadId?: number): ImportRowErrorDto {
  const [first] = toErrorBody(error).errors;
  return {
    row,
    ...(storedLeadId !== undefined && { id: storedLeadId }),
    errors: [
      first && first.code !== undefined
        ? { field: first.field, code: first.code, message: first.message }
        : { field: '', code: 'WRITE_FAILED', message: 'the row could not be stored' },
    ],
  };
}

function notAttempted(row: number): ImportRowErrorDto {
  return {
    row,
    errors: [
      {
        field: '',
        code: 'NOT_ATTEMPTED',
        message: 'not stored: the storage server became unreachable during the import',
      },
    ],
  };
}

/**
 * Imports leads from a JSON array or CSV, honestly per row: every row is validated before anything is
 * written; a refused row is reported with its errors and none of its fields are stored, while the valid
 * rows are created, and every created lead is queued for scoring, whatever happens to the rows after it.
 * A write that fails is reported on its row; when the storage server is lost the rows after it are
 * reported as not attempted, and when it is lost before any row was stored the answer is the 503.
 */
@Injectable()
export class LeadImportService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly leads: LeadsRepository,
    private readonly activities: ActivitiesRepository,
    private readonly rescoring: LeadRescoringService,
  ) {}

  async import(body: unknown, contentType: string | undefined): Promise<ImportResultDto> {
    const rows = this.rowsOf(body, contentType);
    if (rows.length > MAX_IMPORT_ROWS) {
      throw refuse(`An import holds at most ${MAX_IMPORT_ROWS} leads; this one has ${rows.length}`);
    }
    const checked = await Promise.all(rows.map((row, index) => this.check(row, index + 1)));
    const errors: ImportRowErrorDto[] = [];
    const ids: number[] = [];
    let activities = 0;
    let outcomes = 0;
    let storageLost = false;
    for (const [index, outcome] of checked.entries()) {
      const row = index + 1;
      if ('errors' in outcome) {
        errors.push(outcome);
        continue;
      }
      if (storageLost) {
        errors.push(notAttempted(row));
        continue;
      }
      let leadId: number | undefined;
      try {
        leadId = await this.storeLead(outcome.lead);
        ids.push(leadId);
        activities += await this.storeActivities(leadId, outcome.lead);
        if (outcome.outcome) {
          await this.leads.recordOutcome(leadId, outcome.outcome, 'import', null, outcome.checkedAt);
          outcomes += 1;
        }
      } catch (error) {
        if (isStorageUnreachable(error) && ids.length === 0) throw error;
        storageLost = isStorageUnreachable(error);
        errors.push(writeFailure(row, error, leadId));
      }
    }
    const scoringQueued = ids.length === 0 || (await this.rescoring.enqueue(ids));
    return {
      created: ids.length,
      failed: errors.length,
      ids,
      activities,
      outcomes,
      scoring_queued: scoringQueued,
      errors,
    };
  }

  private async storeLead(lead: ImportLeadDto): Promise<number> {
    const stored = await this.leads.create({
      ...fullLeadFields(lead),
      ...(lead.created_at !== undefined && { created_at: new Date(lead.created_at) }),
    });
    return stored.id;
  }

  private async storeActivities(leadId: number, lead: ImportLeadDto): Promise<number> {
    for (const activity of lead.activities ?? []) {
      await this.activities.create({
        lead_id: leadId,
        type: activity.type,
        occurred_at: activity.occurred_at === undefined ? new Date() : new Date(activity.occurred_at),
        metadata: activity.metadata ?? {},
      });
    }
    const count = lead.activities?.length ?? 0;
    // After the inserts: a calculation that reads the new inputs version then finds the activities.
    if (count > 0) await this.leads.touchInputs([leadId]);
    return count;
  }

  private rowsOf(body: unknown, contentType: string | undefined): unknown[] {
    const isCsv = /^text\/(csv|plain)\b/i.test(contentType ?? '');
    if (isCsv) {
      if (typeof body !== 'string') throw refuse('The CSV body is missing');
      // The global body gate saw only text; its cells are checked as the JSON rows they become.
      const rows = rowsOfCsv(body);
      assertAcceptable(rows, { maxDepth: this.config.BODY_MAX_DEPTH, maxKeys: this.config.BODY_MAX_KEYS });
      return rows;
    }
    if (!Array.isArray(body)) {
      throw refuse('Send a JSON array of leads (application/json) or CSV with a header line (text/csv)');
    }
    return body;
  }

  private async check(
    row: unknown,
    rowNumber: number,
  ): Promise<{ lead: ImportLeadDto; outcome: LeadOutcome | null; checkedAt: Date } | ImportRowErrorDto> {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      return {
        row: rowNumber,
        errors: [{ field: '', code: 'isObject', message: 'each lead must be a JSON object' }],
      };
    }
    const { fields, outcome: outcomeDocument } = splitOutcome(row as Record<string, unknown>);
    const checkedAt = new Date();
    const lead = plainToInstance(ImportLeadDto, fields);
    const read = outcomeDocument ? readOutcome(outcomeDocument, checkedAt) : { value: null, problems: [] };
    const problems = [
      ...problemsOf(await validate(lead, { whitelist: true, forbidNonWhitelisted: true })),
      // named by their import columns: /outcome_date rather than /date
      ...read.problems.map((found) => ({
        ...found,
        pointer: found.pointer === '/outcome' ? found.pointer : found.pointer.replace(/^\//, '/outcome_'),
      })),
    ];
    if (problems.length === 0) return { lead, outcome: read.value, checkedAt };
    return {
      row: rowNumber,
      errors: problems.map((problem) => ({
        field: fieldOfPointer(problem.pointer),
        code: problem.code,
        message: problem.message,
      })),
    };
  }
}
