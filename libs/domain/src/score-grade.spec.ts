import {
  countsTowardGrade,
  DEFAULT_GRADING,
  fitFlagsToWrite,
  gradeAtLeast,
  gradeOf,
  gradesAtLeast,
  gradingProblems,
  legacyCountsTowardGrade,
} from './score-grade';

describe('grades', () => {
  it('give each band from its minimum percentage on, F below D', () => {
    const of = (points: number) => gradeOf(points, 50, DEFAULT_GRADING);
    expect([50, 40, 39, 30, 20, 10, 9, 0, -5].map(of)).toEqual(['A', 'A', 'B', 'B', 'C', 'D', 'F', 'F', 'F']);
    expect(gradeOf(10, 0, DEFAULT_GRADING)).toBeNull();
  });

  it('order A best: at least B is A or B', () => {
    expect(gradeAtLeast('A', 'B')).toBe(true);
    expect(gradeAtLeast('C', 'B')).toBe(false);
    expect(gradeAtLeast(null, 'F')).toBe(false);
    expect(gradesAtLeast('C')).toEqual(['A', 'B', 'C']);
  });

  it('accept the defaults and list every problem of a bad policy', () => {
    expect(gradingProblems(DEFAULT_GRADING, '')).toEqual([]);
    const problems = gradingProblems({ bands: { A: 120, B: 60, C: 70, D: 20 } }, '/grading');
    expect(problems.map(({ pointer, code }) => `${pointer} ${code}`)).toEqual([
      '/grading/bands/A OUT_OF_RANGE',
      '/grading/bands/C BANDS_NOT_DESCENDING',
    ]);
  });

  it('count demographic and firmographic rules toward the grade unless a rule says otherwise', () => {
    expect(countsTowardGrade('firmographic')).toBe(true);
    expect(countsTowardGrade('behavioral')).toBe(false);
    expect(countsTowardGrade('firmographic', false)).toBe(false);
    expect(countsTowardGrade('engagement', true)).toBe(true);
  });

  it('read the fit categories of versions published before rules carried the flag', () => {
    const legacy = { categories: ['firmographic', 'engagement'], bands: DEFAULT_GRADING.bands };
    expect(legacyCountsTowardGrade(legacy, 'engagement')).toBe(true);
    expect(legacyCountsTowardGrade(legacy, 'demographic')).toBe(false);
    expect(legacyCountsTowardGrade(DEFAULT_GRADING, 'demographic')).toBe(true);
    expect(legacyCountsTowardGrade(null, 'behavioral')).toBe(false);
  });

  it('write the flag only on rules whose legacy fit category disagrees with the default', () => {
    const rules = [
      { id: 1, rule_type: 'firmographic' as const, source: {} },
      { id: 2, rule_type: 'demographic' as const, source: {} },
      { id: 3, rule_type: 'engagement' as const, source: {} },
      { id: 4, rule_type: 'behavioral' as const, source: {} },
      { id: 5, rule_type: 'demographic' as const, source: { counts_toward_grade: true } },
    ];
    expect(fitFlagsToWrite(rules, ['firmographic', 'engagement'])).toEqual([
      { id: 2, counts_toward_grade: false },
      { id: 3, counts_toward_grade: true },
    ]);
    expect(fitFlagsToWrite(rules, ['demographic', 'firmographic'])).toEqual([]);
  });
});
