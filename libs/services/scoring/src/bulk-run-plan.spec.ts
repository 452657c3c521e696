import { chunkJobId, planChunks } from './bulk-run-plan';

const base = { run_id: 'r1', calculated_at: '2026-01-01T00:00:00.000Z', rule_set_version: 3 };

describe('planChunks', () => {
  it('cuts sorted ids into id ranges of at most the chunk size, covering every id once', () => {
    const chunks = planChunks(base, [1, 2, 5, 9, 10, 11, 40], 3, true);
    expect(chunks.map(({ from_id, to_id, size }) => [from_id, to_id, size])).toEqual([
      [1, 5, 3],
      [9, 11, 3],
      [40, 40, 1],
    ]);
    expect(chunks.every((chunk) => chunk.lead_ids === undefined && chunk.rule_set_version === 3)).toBe(true);
  });

  it('keeps explicit ids as lists', () => {
    expect(planChunks(base, [7, 3, 8], 2, false).map((chunk) => chunk.lead_ids)).toEqual([[7, 3], [8]]);
  });

  it('plans nothing for no leads, and names chunk jobs by run and position', () => {
    expect(planChunks(base, [], 10, true)).toEqual([]);
    expect(chunkJobId('r1', 4)).toBe('r1-chunk-4');
  });
});
