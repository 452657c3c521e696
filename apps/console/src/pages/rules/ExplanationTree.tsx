import type { ConditionTrace } from '../../api/types';
import { valueToText } from '../../rules/values';

const mark = (result: boolean | null) => (result === null ? '–' : result ? '✓' : '✗');
const verdict = (result: boolean | null) => (result === null ? 'skipped' : result ? 'true' : 'false');

/** A score explanation leaf by leaf: each condition, the value the lead had, and whether it held. */
export function ExplanationTree({ trace }: { trace: ConditionTrace }) {
  if ('fact' in trace) {
    return (
      <li className={`trace trace-${verdict(trace.result)}`}>
        <span aria-label={verdict(trace.result)}>{mark(trace.result)}</span>{' '}
        <code>
          {trace.fact} {trace.operator} {valueToText(trace.expected)}
        </code>{' '}
        — lead has{' '}
        <code>
          {trace.fact_value === null || trace.fact_value === undefined
            ? 'nothing'
            : valueToText(trace.fact_value)}
        </code>
      </li>
    );
  }
  const children = trace.group === 'not' ? [trace.condition] : trace.conditions;
  return (
    <li className={`trace trace-${verdict(trace.result)}`}>
      <span aria-label={verdict(trace.result)}>{mark(trace.result)}</span> <strong>{trace.group}</strong>
      <ul>
        {children.map((child, index) => (
          <ExplanationTree key={index} trace={child} />
        ))}
      </ul>
    </li>
  );
}
