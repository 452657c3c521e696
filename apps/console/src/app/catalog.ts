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

export function operandOf(catalog: FactCatalog, operator: string): OperatorInfo['operand'] {
  return catalog.operators.find((candidate) => candidate.name === operator)?.operand ?? 'scalar';
}

/** An operator the editor offers for a field; `fits` is false for a stored one the field's type does not take. */
export interface OperatorOption {
  name: string;
  label: string;
  description: string;
  fits: boolean;
}

/**
 * The operators to offer for `field`, with the one in use always among them, as it is: a stored operator
 * the field does not take (greater_than on technologies), or one the catalog does not know, is shown by its
 * own name and marked, never replaced by the first operator of the list.
 */
export function operatorOptions(catalog: FactCatalog, field: string, current?: string): OperatorOption[] {
  const fitting = factOf(catalog, field)?.operators ?? catalog.operators.map((operator) => operator.name);
  const options = catalog.operators
    .filter((operator) => fitting.includes(operator.name))
    .map((operator) => ({ ...operator, label: operator.name, fits: true }));
  if (!current || options.some((option) => option.name === current)) return options;
  const known = catalog.operators.some((operator) => operator.name === current);
  const why = known ? `does not fit ${field || 'this field'}` : 'unknown operator';
  return [...options, { name: current, label: `${current} (${why})`, description: why, fits: false }];
}
