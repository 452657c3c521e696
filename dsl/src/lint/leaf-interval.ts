import type { DslLeaf } from '../types';

/** A range of numbers; an open end excludes its bound. */
export interface Interval {
  low: number;
  lowOpen: boolean;
  high: number;
  highOpen: boolean;
}

/** How the operators compare text: trimmed and case-folded. */
export const fold = (value: unknown) => String(value).trim().toLowerCase();

/**
 * The numbers one leaf accepts, when its value is numeric: the ordered operators, `between` and a numeric
 * `equals`. Undefined for anything else (text, dates, negations), about which the lint rules claim nothing.
 */
export function leafInterval({ operator, value }: DslLeaf): Interval | undefined {
  const interval = (low: number, lowOpen: boolean, high: number, highOpen: boolean) => ({
    low,
    lowOpen,
    high,
    highOpen,
  });
  if (typeof value === 'number') {
    switch (operator) {
      case 'greater_than':
        return interval(value, true, Infinity, false);
      case 'greater_than_or_equal':
        return interval(value, false, Infinity, false);
      case 'less_than':
        return interval(-Infinity, false, value, true);
      case 'less_than_or_equal':
        return interval(-Infinity, false, value, false);
      case 'equals':
        return interval(value, false, value, false);
      default:
        return undefined;
    }
  }
  if (operator === 'between' && Array.isArray(value)) {
    const [low, high] = value;
    if (typeof low === 'number' && typeof high === 'number') return interval(low, false, high, false);
  }
  return undefined;
}
