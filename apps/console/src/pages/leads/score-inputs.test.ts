import { describe, expect, it } from 'vitest';
import { describeInput, inputsBetween, type InputRecords } from './score-inputs';

const before = { calculated_at: '2026-12-02T10:00:00.000Z', inputs_version: 3 };
const after = { calculated_at: '2026-12-03T10:00:00.000Z', inputs_version: 6 };

describe('inputsBetween', () => {
  const records: InputRecords = {
    activities: [
      { type: 'form_submitted', created_at: '2026-12-02T11:00:00.000Z' },
      { type: 'email_opened', created_at: '2026-12-02T12:00:00.000Z' },
      { type: 'email_opened', created_at: '2026-12-03T10:00:00.000Z' },
      // at the first calculation's own instant: it read it already
      { type: 'email_clicked', created_at: '2026-12-02T10:00:00.000Z' },
      // after the second
      { type: 'demo_requested', created_at: '2026-12-03T10:00:00.001Z' },
    ],
    enriched: {
      industry: { value: 'SaaS', source: 'clearbit', fetched_at: '2026-12-02T18:00:00.000Z' },
      company_size: { value: '51-200', source: 'clearbit', fetched_at: '2026-11-30T18:00:00.000Z' },
    },
  };

  it('names the activities recorded and the fields enriched after one calculation and up to the next', () => {
    expect(inputsBetween(before, after, records)).toEqual([
      { kind: 'activities', type: 'email_opened', count: 2 },
      { kind: 'activities', type: 'form_submitted', count: 1 },
      { kind: 'enriched', field: 'industry', value: 'SaaS', source: 'clearbit' },
    ]);
  });

  it('counts the input writes that neither accounts for as other writes', () => {
    const later = { ...after, inputs_version: 9 };
    expect(inputsBetween(before, later, records).at(-1)).toEqual({
      kind: 'other',
      writes: 2,
      from: 3,
      to: 9,
    });
    // nothing recorded in between, yet the inputs were written: a field edit
    expect(inputsBetween(before, { ...after, inputs_version: 4 }, { activities: [], enriched: {} })).toEqual([
      { kind: 'other', writes: 1, from: 3, to: 4 },
    ]);
  });

  it('claims no other writes where a batch may have written several activities at once, or before versions', () => {
    expect(
      inputsBetween(before, { ...after, inputs_version: 4 }, records).map((input) => input.kind),
    ).toEqual(['activities', 'activities', 'enriched']);
    const unversioned = { ...before, inputs_version: 0 };
    expect(
      inputsBetween(unversioned, { ...after, inputs_version: 5 }, { activities: [], enriched: {} }),
    ).toEqual([]);
  });
});

describe('describeInput', () => {
  it('says each input change in words', () => {
    expect(describeInput({ kind: 'activities', type: 'email_opened', count: 2 })).toBe(
      '2 × email_opened recorded',
    );
    expect(describeInput({ kind: 'enriched', field: 'company_size', value: 200, source: 'csv' })).toBe(
      'company_size → 200 (enriched from csv)',
    );
    expect(describeInput({ kind: 'other', writes: 1, from: 3, to: 4 })).toBe(
      '1 other input write: field edits or predictions (inputs version 3 → 4)',
    );
  });
});
