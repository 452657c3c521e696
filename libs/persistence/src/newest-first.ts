import type { Model } from 'mongoose';

/** Past this many documents to skip and return, the plain sorted query is used. */
const LARGEST_WINDOWED_PAGE = 1_000;

/**
 * One page (skip, limit) of the documents `query` matches, newest `timeField` first and then highest id,
 * without sorting everything the query matches: the embedded server sorts in memory (25,000 matches of
 * 100,000 leads: seconds). Two ranges on indexes instead:
 * 1. the newest ids first, in a window that widens until it holds skip + limit matches; the oldest time of the
 *    newest skip + limit of them is T;
 * 2. every match at T or later, sorted: the page is among them whatever the ids, because at least
 *    skip + limit matches are at T or later (times may be set by clients, so ids only guide the guess).
 * Null when the page is deep, or the window grew to every id (the plain query costs the same then).
 */
export async function newestFirstPage<T extends { id: number }>(
  model: Model<T>,
  query: Record<string, unknown>,
  timeField: keyof T & string,
  lastId: number,
  skip: number,
  limit: number,
): Promise<T[] | null> {
  const wanted = skip + limit;
  if (wanted > LARGEST_WINDOWED_PAGE) return null;
  for (let window = Math.max(4 * wanted, 64); window < lastId; window *= 8) {
    const recent = await model
      .find({ ...query, id: { $gt: lastId - window } }, { _id: 0, [timeField]: 1 })
      .lean<Record<string, unknown>[]>();
    if (recent.length < wanted) continue;
    const times = recent.map((row) => (row[timeField] as Date).getTime()).sort((a, b) => b - a);
    const oldest = new Date(times[wanted - 1] ?? 0);
    return model
      .find({ ...query, [timeField]: { $gte: oldest } }, { _id: 0 })
      .sort({ [timeField]: -1, id: -1 })
      .skip(skip)
      .limit(limit)
      .lean<T[]>();
  }
  return null;
}
