import { describe, expect, it } from 'vitest';
import { stagesOf } from './stages';

describe('stagesOf', () => {
  it('puts unqualified first, then the stages by minimum score, each once', () => {
    expect(
      stagesOf([
        { stage: 'sql', minimum_score: 65 },
        { stage: 'mql', minimum_score: 40 },
        { stage: 'mql', minimum_score: 45 },
      ]),
    ).toEqual(['unqualified', 'mql', 'sql']);
    expect(stagesOf([])).toEqual(['unqualified']);
  });
});
