import { defaultFactRegistry } from '@leadflow/domain';
import { storedRegexProblems } from './stored-regex-report';

const rule = (id: number, value: string, field_name = 'title') => ({
  id,
  name: `rule ${id}`,
  source: {
    name: `rule ${id}`,
    rule_type: 'demographic',
    field_name,
    operator: 'matches_regex',
    value,
    points: 5,
  },
});

describe('storedRegexProblems', () => {
  it('names the stored rules whose pattern RE2 cannot run, and only for that', () => {
    const found = storedRegexProblems(
      [
        rule(1, '^vp\\b'),
        rule(2, '(a)\\1'),
        rule(3, '^(?=.*vp)'),
        rule(4, '(a+)+$'),
        rule(5, '^vp', 'no_such_fact'),
      ],
      defaultFactRegistry(),
    );
    expect(found.map((entry) => [entry.rule_id, entry.problems.map((problem) => problem.code)])).toEqual([
      [2, ['UNSUPPORTED_REGEX']],
      [3, ['UNSUPPORTED_REGEX']],
    ]);
  });
});
