/** Where the criteria are listed; a hundred is more stages than any deployment has. */
export const CRITERIA_LIST = '/api/lead-qualification/qualification-criteria/?page_size=100';

/** The stages a lead can be in, lowest first: unqualified, then each criterion's by its minimum score. */
export function stagesOf(criteria: readonly { stage: string; minimum_score: number }[]): string[] {
  const ordered = [...criteria].sort((a, b) => a.minimum_score - b.minimum_score);
  return [...new Set(['unqualified', ...ordered.map((criterion) => criterion.stage)])];
}
