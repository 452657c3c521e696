import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, ErrorCode } from '@leadflow/domain';
import { ActivitiesRepository, LeadsRepository } from '@leadflow/persistence';
import { fieldOfPointer } from '../http/error-response';
import { problemsOf } from '../http/validation';
import { parseCsv } from './csv';
import { type ImportResultDto, ImportLeadDto, type ImportRowErrorDto } from './dto/import.dto';
import { fullLeadFields } from './lead-mapping';
import { LeadRescoringService } from './lead-rescoring.service';

export const MAX_IMPORT_ROWS = 5_000;

const CSV_NUMBER_FIELDS = new Set(['owner_id']);
const CSV_NUMBER_OR_TEXT_FIELDS = new Set(['company_revenue']);
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

/**
 * Imports leads from a JSON array or CSV. Every row is validated before anything is written; a refused row
 * is reported with its errors and none of its fields are stored, while the valid rows are created.
 */
@Injectable()
export class LeadImportService {
  constructor(
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
    const errors = checked.filter((outcome): outcome is ImportRowErrorDto => 'errors' in outcome);
    const ids: number[] = [];
    const withActivities: number[] = [];
    let activities = 0;
    for (const outcome of checked) {
      if ('errors' in outcome) continue;
      const lead = await this.leads.create({
        ...fullLeadFields(outcome.lead),
        ...(outcome.lead.created_at !== undefined && { created_at: new Date(outcome.lead.created_at) }),
      });
      ids.push(lead.id);
      for (const activity of outcome.lead.activities ?? []) {
        await this.activities.create({
          lead_id: lead.id,
          type: activity.type,
          occurred_at: activity.occurred_at === undefined ? new Date() : new Date(activity.occurred_at),
          metadata: activity.metadata ?? {},
        });
        activities++;
      }
      if ((outcome.lead.activities ?? []).length > 0) withActivities.push(lead.id);
    }
    // After the inserts: a calculation that reads the new inputs version then finds the activities.
    await this.leads.touchInputs(withActivities);
    if (ids.length > 0) await this.rescoring.enqueue(ids);
    return { created: ids.length, failed: errors.length, ids, activities, errors };
  }

  private rowsOf(body: unknown, contentType: string | undefined): unknown[] {
    const isCsv = /^text\/(csv|plain)\b/i.test(contentType ?? '');
    if (isCsv) {
      if (typeof body !== 'string') throw refuse('The CSV body is missing');
      return rowsOfCsv(body);
    }
    if (!Array.isArray(body)) {
      throw refuse('Send a JSON array of leads (application/json) or CSV with a header line (text/csv)');
    }
    return body;
  }

  private async check(row: unknown, rowNumber: number): Promise<{ lead: ImportLeadDto } | ImportRowErrorDto> {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      return {
        row: rowNumber,
        errors: [{ field: '', code: 'isObject', message: 'each lead must be a JSON object' }],
      };
    }
    const lead = plainToInstance(ImportLeadDto, row);
    const problems = problemsOf(await validate(lead, { whitelist: true, forbidNonWhitelisted: true }));
    if (problems.length === 0) return { lead };
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
