import { describe, expect, it } from 'vitest';
import type { FactCatalog } from '../api/types';
import { operatorOptions } from './catalog';

const catalog: FactCatalog = {
  facts: [
    { name: 'technologies', type: 'list', source: 'enrichment', description: '', operators: ['contains'] },
  ],
  operators: [
    { name: 'contains', operand: 'scalar', description: '' },
    { name: 'greater_than', operand: 'number', description: '' },
  ],
  activity_count_operators: ['greater_than'],
};

describe('operatorOptions', () => {
  it('offers the operators that fit the field', () => {
    expect(operatorOptions(catalog, 'technologies', 'contains').map((o) => [o.name, o.fits])).toEqual([
      ['contains', true],
    ]);
  });

  it('keeps a stored operator that does not fit, by its own name and marked, instead of the first one', () => {
    expect(operatorOptions(catalog, 'technologies', 'greater_than').at(-1)).toMatchObject({
      name: 'greater_than',
      label: 'greater_than (does not fit technologies)',
      fits: false,
    });
    expect(operatorOptions(catalog, 'technologies', 'bigger').at(-1)).toMatchObject({
      name: 'bigger',
      label: 'bigger (unknown operator)',
    });
  });
});
