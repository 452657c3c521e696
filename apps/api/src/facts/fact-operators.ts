import { type FactType, OPERATOR_CATALOG, type OperatorName } from '@leadflow/domain';

const PRESENCE: OperatorName[] = ['is_empty', 'is_not_empty'];
const COMPARISONS: OperatorName[] = [
  'greater_than',
  'greater_than_or_equal',
  'less_than',
  'less_than_or_equal',
  'between',
];

/**
 * The operators an editor offers for a fact of each type. The engine accepts any operator on any fact (a
 * mismatch is simply false); this narrows the choice to the ones that mean something, for the console's
 * condition builder and for integrators building their own.
 */
export const OPERATORS_BY_FACT_TYPE: Record<FactType, OperatorName[]> = {
  string: [
    'equals',
    'not_equals',
    'contains',
    'not_contains',
    'starts_with',
    'ends_with',
    'in_list',
    'not_in_list',
    'matches_regex',
    // numeric comparisons apply when the value is numeric (company_size may hold "51-200" or 120)
    ...COMPARISONS,
    ...PRESENCE,
  ],
  number: ['equals', 'not_equals', 'in_list', 'not_in_list', ...COMPARISONS, ...PRESENCE],
  date: [...COMPARISONS, ...PRESENCE],
  'string[]': ['contains', 'not_contains', 'in_list', 'not_in_list', ...PRESENCE],
  object: [...PRESENCE],
  boolean: ['equals', 'not_equals', ...PRESENCE],
};

export interface OperatorView {
  name: OperatorName;
  operand: string;
  description: string;
}

export function operatorCatalog(): OperatorView[] {
  return Object.entries(OPERATOR_CATALOG).map(([name, spec]) => ({
    name: name as OperatorName,
    operand: spec.operand,
    description: spec.description,
  }));
}
