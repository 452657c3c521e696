import { createContext, useContext } from 'react';
import type { FactCatalog, FactInfo, OperatorInfo } from '../api/types';

/** The API's fact registry (GET /api/lead-qualification/facts/), loaded once after login. */
export const CatalogContext = createContext<FactCatalog | undefined>(undefined);

export function useCatalog(): FactCatalog {
  const catalog = useContext(CatalogContext);
  if (!catalog) throw new Error('the fact catalog is not loaded');
  return catalog;
}

const ACTIVITY_COUNT = /^[a-z][a-z0-9_]{0,62}_count$/;

/** A fact by name; `<activity type>_count` facts are implied numbers. */
export function factOf(catalog: FactCatalog, name: string): FactInfo | undefined {
  const known = catalog.facts.find((fact) => fact.name === name);
  if (known) return known;
  if (ACTIVITY_COUNT.test(name)) {
    return {
      name,
      type: 'number',
      source: 'computed',
      description: `number of ${name.slice(0, -6)} activities`,
      operators: catalog.activity_count_operators,
    };
  }
  return undefined;
}

/** The operators offered for `field`; the one in use is kept even when the type would not suggest it. */
export function operatorsFor(catalog: FactCatalog, field: string, current?: string): OperatorInfo[] {
  const names = factOf(catalog, field)?.operators ?? catalog.operators.map((operator) => operator.name);
  const withCurrent = current && !names.includes(current) ? [...names, current] : names;
  return catalog.operators.filter((operator) => withCurrent.includes(operator.name));
}

export function operandOf(catalog: FactCatalog, operator: string): OperatorInfo['operand'] {
  return catalog.operators.find((candidate) => candidate.name === operator)?.operand ?? 'scalar';
}
