import type { LeadDocument } from '@leadflow/persistence';

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)?)\s*\}\}/gi;

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  return scalar ? String(value) : '';
}

/**
 * Fills `{{field}}` (and `{{custom_fields.name}}`) with the lead's values; an unknown or empty field becomes
 * an empty string, so a template never fails an action. Plain text only: nothing is interpreted.
 */
export function renderLeadTemplate(template: string, lead: LeadDocument): string {
  // Own properties only: `{{constructor}}` must not reach into the prototype chain.
  const own = (object: unknown, key: string): unknown =>
    typeof object === 'object' && object !== null && Object.hasOwn(object, key)
      ? (object as Record<string, unknown>)[key]
      : undefined;
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    const [head, tail] = path.split('.') as [string, string | undefined];
    const value = own(lead, head);
    return textOf(tail === undefined ? value : own(value, tail));
  });
}
