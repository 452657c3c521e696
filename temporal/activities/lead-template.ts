import type { LeadDocument } from '@leadflow/persistence';

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)?)\s*\}\}/gi;

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return '';
}

/**
 * Fills `{{field}}` (and `{{custom_fields.name}}`) with the lead's values; an unknown or empty field becomes
 * an empty string, so a template never fails an action. Plain text only: nothing is interpreted.
 */
export function renderLeadTemplate(template: string, lead: LeadDocument): string {
  const fields = lead as unknown as Record<string, unknown>;
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    const [head, tail] = path.split('.') as [string, string | undefined];
    const value = fields[head];
    if (tail === undefined) return textOf(value);
    return typeof value === 'object' && value !== null
      ? textOf((value as Record<string, unknown>)[tail])
      : '';
  });
}
