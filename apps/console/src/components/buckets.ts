import type { Distribution } from '../api/types';

/** The guide's five score buckets, in order, as chart labels. */
export const BUCKETS: { key: keyof Omit<Distribution, 'avg_score'>; label: string }[] = [
  { key: 'score_0_20', label: '0–20' },
  { key: 'score_20_40', label: '20–40' },
  { key: 'score_40_60', label: '40–60' },
  { key: 'score_60_80', label: '60–80' },
  { key: 'score_80_100', label: '80–100' },
];
