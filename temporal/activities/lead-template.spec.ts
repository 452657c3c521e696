import type { LeadDocument } from '@leadflow/persistence';
import { renderLeadTemplate } from './lead-template';

describe('renderLeadTemplate', () => {
  const lead = {
    id: 7,
    first_name: 'Ada',
    last_name: null,
    score: 82,
    technologies: ['react', 'go'],
    custom_fields: { tier: 'gold' },
    social_profiles: { linkedin: 'ada' },
    created_at: new Date('2026-01-02T03:04:05Z'),
  } as unknown as LeadDocument;

  it('fills lead fields, custom fields, lists and dates', () => {
    expect(
      renderLeadTemplate(
        'Hi {{first_name}} ({{ score }}), {{custom_fields.tier}}: {{technologies}} since {{created_at}}',
        lead,
      ),
    ).toBe('Hi Ada (82), gold: react, go since 2026-01-02T03:04:05.000Z');
  });

  it('leaves nothing of an empty, unknown or object-valued field, and no way into prototypes', () => {
    expect(
      renderLeadTemplate('[{{last_name}}][{{nope}}][{{social_profiles}}][{{constructor.name}}]', lead),
    ).toBe('[][][][]');
  });

  it('keeps text that only looks like a placeholder', () => {
    expect(renderLeadTemplate('{{ first name }} {first_name} {{}}', lead)).toBe(
      '{{ first name }} {first_name} {{}}',
    );
  });
});
