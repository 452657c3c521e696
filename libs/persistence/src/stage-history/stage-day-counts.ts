import { addFlows, type DayFlows } from '@leadflow/domain';
import type { Document, ObjectId } from 'mongodb';
import type { Collection } from 'mongoose';
import { insertUnordered, isDuplicateKeyError } from '../sequential-ids';

const HOUR_MS = 3_600_000;

/** The hour number (hours since 1970-01-01 UTC) a record is stamped with as it is written. */
export function recordedHour(at: Date): number {
  return Math.floor(at.getTime() / HOUR_MS);
}

/**
 * An hour's counts are kept once the hour has been over this long: a record stamped with the hour just
 * before it ended has landed by then, and nothing is stamped with a past hour afterwards.
 */
const CLOSED_AFTER_MS = 10 * 60_000;

/** Where closed hours' counts are kept, for stage changes and stage moves alike. */
export const KEPT_HOURS_COLLECTION = 'stage_hour_counts';

/** How far back records from before the hour stamp get one: the longest trend the API draws. */
const STAMPED_SINCE_MS = 90 * 24 * HOUR_MS;

/** One hour's flows: DayFlows whose `day` holds the hour number. */
type HourFlows = DayFlows;

export interface KeptHour {
  /** which records: stage_changes or stage_moves (with `hour`, unique) */
  counts: string;
  hour: number;
  flows: { stage: string; entered: number; left: number }[];
}

/**
 * Moves into and out of each stage per UTC day, from records carrying `recorded_hour` (the hour they were
 * written, recordedHour) and `from_stage`/`to_stage`. Hours not kept yet are read by index ranges on
 * `recorded_hour`; once an hour is over, its counts (none, too) are kept in `stage_hour_counts` and its
 * records never read again. So a trend reads its kept hours (720 small documents for 30 days) and at most
 * the last hour or so of records, however many leads there are: the embedded server filters date ranges in
 * memory and has no index-backed count, and a bulk recalculation writes tens of thousands of changes a day.
 */
export class StageDayCounts {
  constructor(
    private readonly name: string,
    private readonly records: Collection,
    private readonly kept: Collection,
  ) {}

  async createIndexes(): Promise<void> {
    await this.kept.createIndexes([{ key: { counts: 1, hour: 1 }, unique: true }]);
  }

  /** The flows of each UTC day from `firstDay` to `lastDay` (day numbers), oldest first. */
  async flows(firstDay: number, lastDay: number, now: Date): Promise<DayFlows[]> {
    const from = firstDay * 24;
    const to = Math.min((lastDay + 1) * 24, recordedHour(now) + 1); // exclusive; never a future hour
    const keptHours = await this.kept
      .find<KeptHour>({ counts: this.name, hour: { $gte: from, $lt: to } })
      .toArray();
    const hours = new Map<number, HourFlows>(keptHours.map((kept) => [kept.hour, fromKept(kept)]));
    const missing = range(from, to).filter((hour) => !hours.has(hour));
    for (const [first, last] of spans(missing)) {
      for (const flows of await this.count(first, last)) hours.set(flows.day, flows);
    }
    await this.keep(
      missing.filter((hour) => now.getTime() >= (hour + 1) * HOUR_MS + CLOSED_AFTER_MS),
      hours,
    );
    return range(firstDay, lastDay + 1).map((day) =>
      addFlows(
        day,
        range(day * 24, day * 24 + 24).flatMap((hour) => hours.get(hour) ?? []),
      ),
    );
  }

  /** Flows per hour of the records stamped `first` to `last`, one entry per hour. */
  private async count(first: number, last: number): Promise<HourFlows[]> {
    const perHour = new Map(range(first, last + 1).map((hour) => [hour, { entered: {}, left: {} }]));
    const records = this.records.find<Document>(
      { recorded_hour: { $gte: first, $lte: last } },
      { projection: { _id: 0, recorded_hour: 1, from_stage: 1, to_stage: 1 } },
    );
    for await (const record of records) {
      const hour = perHour.get(record.recorded_hour as number);
      if (!hour) continue;
      const entered: Record<string, number> = hour.entered;
      const left: Record<string, number> = hour.left;
      left[String(record.from_stage)] = (left[String(record.from_stage)] ?? 0) + 1;
      entered[String(record.to_stage)] = (entered[String(record.to_stage)] ?? 0) + 1;
    }
    return [...perHour].map(([hour, flows]) => ({ day: hour, ...flows }));
  }

  private async keep(closed: readonly number[], hours: ReadonlyMap<number, HourFlows>): Promise<void> {
    if (closed.length === 0) return;
    // Two readers keeping the same hour count the same records: the second's insert is refused, harmlessly.
    await insertUnordered(
      this.kept,
      closed.map((hour) => {
        const flows = hours.get(hour) ?? { day: hour, entered: {}, left: {} };
        const stages = [...new Set([...Object.keys(flows.entered), ...Object.keys(flows.left)])];
        return {
          counts: this.name,
          hour,
          flows: stages.map((stage) => ({
            stage,
            entered: flows.entered[stage] ?? 0,
            left: flows.left[stage] ?? 0,
          })),
        };
      }),
    );
  }
}

function fromKept(kept: KeptHour): HourFlows {
  return {
    day: kept.hour,
    entered: Object.fromEntries(kept.flows.map((flow) => [flow.stage, flow.entered])),
    left: Object.fromEntries(kept.flows.map((flow) => [flow.stage, flow.left])),
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_unused, index) => from + index);
}

/** Runs of consecutive numbers in an ascending list, as [first, last] pairs. */
function spans(sorted: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const value of sorted) {
    const run = runs.at(-1);
    if (run && run[1] === value - 1) run[1] = value;
    else runs.push([value, value]);
  }
  return runs;
}

/**
 * Stamps records written before `recorded_hour` existed with the hour of their own time (`at`), for the
 * longest trend's window only (older ones are never read by hour), once: a marker in the kept counts says
 * it is done. A scan of the collection, so it runs at start and is skipped ever after.
 */
export async function stampRecordedHours(
  name: string,
  records: Collection,
  kept: Collection,
  at: string,
  now = new Date(),
): Promise<void> {
  const marker = `${name}:stamped`;
  if (await kept.findOne({ counts: marker })) return;
  const unstamped = records.find<{ _id: ObjectId } & Record<string, unknown>>(
    { recorded_hour: { $exists: false }, [at]: { $gte: new Date(now.getTime() - STAMPED_SINCE_MS) } },
    { projection: { _id: 1, [at]: 1 } },
  );
  for await (const record of unstamped) {
    await records.updateOne(
      { _id: record._id },
      { $set: { recorded_hour: recordedHour(record[at] as Date) } },
    );
  }
  await kept.insertOne({ counts: marker, hour: 0, flows: [] }).catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error;
  });
}
