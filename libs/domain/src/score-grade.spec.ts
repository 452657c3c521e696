import { DEFAULT_GRADING, gradeAtLeast, gradeOf, gradesAtLeast, gradingProblems } from './score-grade';

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
    const problems = gradingProblems({ categories: [], bands: { A: 120, B: 60, C: 70, D: 20 } }, '/grading');
    expect(problems.map(({ pointer, code }) => `${pointer} ${code}`)).toEqual([
      '/grading/categories TOO_FEW_ITEMS',
      '/grading/bands/A OUT_OF_RANGE',
      '/grading/bands/C BANDS_NOT_DESCENDING',
    ]);
  });
});
