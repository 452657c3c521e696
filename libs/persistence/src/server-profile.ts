import { Global, Module } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

/**
 * What the code does differently on the MongoDB-wire server it runs on. The embedded server (FerretDB v1 on
 * PostgreSQL, DESIGN.md) has limits that MongoDB does not; each one the code works around is named in
 * SERVER_LIMITS below, with the MongoDB behaviour beside it. Where a limit only needs a different number,
 * that number is here, one per server, and the code reads it from the profile chosen at start
 * (ServerProfileModule, from the server's buildInfo), so the same code runs at MongoDB's speed on MongoDB
 * and within the limits on the embedded server.
 */
export interface ServerProfile {
  readonly server: 'embedded' | 'mongodb';
  /** update statements sent in one bulkWrite command (bulk-write.ts) */
  readonly updateStatementsPerCommand: number;
  /** such commands in flight at once (bulk-write.ts) */
  readonly updateCommandsInFlight: number;
  /** lead ids read per page when walking every lead (LeadSource.allIds) */
  readonly idPage: number;
  /** changed documents one fold of the kept counts takes at most (CountsFolder, FoldedCounts) */
  readonly foldBatch: number;
}

/**
 * FerretDB v1.24.2 with the repo's patches. Its update command keeps each statement's PostgreSQL query open
 * until the command ends (scripts/ferretdb/update-connections.patch closes them, but an unpatched server
 * still runs the code), and it reads the whole collection for a page of ids (no index-only range scan). A
 * fold of the kept counts under load takes it a few seconds per thousand documents, so a fold takes a few
 * hundred.
 */
export const EMBEDDED_SERVER: ServerProfile = Object.freeze({
  server: 'embedded',
  updateStatementsPerCommand: 50,
  updateCommandsInFlight: 4,
  idPage: 200_000,
  foldBatch: 5_000,
});

/**
 * MongoDB: one command takes the driver's whole batch (up to 100,000 statements), applied one after
 * another, so a few commands in flight use the machine; a page of ids is an index range, so pages stay
 * small enough to keep each reply well under the 16 MB message size. A fold's documents are an index read
 * and commands of 1,000 updates; its snapshot write lists each one (~70 bytes), far under the 16 MB document.
 */
export const MONGODB_SERVER: ServerProfile = Object.freeze({
  server: 'mongodb',
  updateStatementsPerCommand: 1_000,
  updateCommandsInFlight: 4,
  idPage: 50_000,
  foldBatch: 5_000,
});

/** One limit of the embedded server the code works around: where, what it does there, what MongoDB does. */
export interface ServerLimit {
  where: readonly string[];
  embedded: string;
  mongodb: string;
}

/**
 * Every limit of the embedded server the code works around, in one place. The ones with a number in the
 * profile change with the server; the others are handled by code that is right on both servers (kept
 * counts, range reads) and only slower than needed on MongoDB, or by a refusal both servers share.
 */
export const SERVER_LIMITS: Readonly<Record<string, ServerLimit>> = Object.freeze({
  updateBatch: {
    where: ['libs/persistence/src/bulk-write.ts'],
    embedded:
      'statements per update command and commands in flight capped (EMBEDDED_SERVER): unpatched, a command of a few hundred statements takes its whole connection pool',
    mongodb: 'a command of 1,000 statements (MONGODB_SERVER); the driver would take 100,000',
  },
  foldBatch: {
    where: ['libs/services/qualification-runs/src/counts-folder.service.ts'],
    embedded:
      'a limit does not cut what a filtered query reads, so a fold takes up to 5,000 of the changed documents it read: at 500, a bulk run of 10,000 leads had them all read 20 times over; 5,000 keeps the pending fold (in the snapshot document, ~60 bytes each) far from 16 MB',
    mongodb: 'folds of 5,000: an index read and update commands of 1,000',
  },
  idPage: {
    where: ['libs/services/scoring/src/lead-source.ts'],
    embedded: 'ids read 200,000 at a time: every page reads the whole collection',
    mongodb: 'pages of 50,000, each an index range',
  },
  countsPerRange: {
    where: ['libs/persistence/src/leads/lead.repository.ts', 'libs/persistence/src/folded-counts.ts'],
    embedded:
      'no index-backed count and at most one accumulator per $group (upstream issue 4616): counting 100,000 leads per score range took 40 s, so the writes keep counts per score and stage (FoldedCounts)',
    mongodb:
      'countDocuments per range or one $group by the index in milliseconds; the kept counts are right there too',
  },
  countPerStatus: {
    where: [
      'libs/persistence/src/workflow-executions/workflow-execution.repository.ts',
      'libs/persistence/src/folded-counts.ts',
    ],
    embedded:
      'one count per workflow and status on every statistics read was too slow: the writes keep counts per (workflow, status)',
    mongodb:
      'one $group over (workflow_definition_id, status) by the index; the kept counts are right there too',
  },
  sortPushdown: {
    where: [
      'libs/persistence/src/rule-set-versions/rule-set-version.repository.ts',
      'libs/persistence/src/rule-set-versions/rule-set-version.schema.ts',
      'libs/persistence/src/newest-first.ts',
      'libs/persistence/src/workflow-executions/workflow-execution.repository.ts',
      'libs/persistence/src/activities/activity.repository.ts',
    ],
    embedded:
      "sorts in memory after loading whole documents: the newest version number is read from tiny head documents as a range from the newest one seen, newest-first pages as index ranges, and a bulk chunk's activities are sorted by the code",
    mongodb: 'the sort is served by the index; the range reads cost the same',
  },
  limitPushdown: {
    where: ['libs/persistence/src/workflow-executions/free-runs-read-ahead.ts'],
    embedded:
      "a query's limit is applied after reading every match: the relay reads a lane's free pending runs once and hands them out a claim at a time",
    mongodb: 'the limit ends the index scan early; the read-ahead reads the backlog once all the same',
  },
  dateRanges: {
    where: [
      'libs/persistence/src/stage-history/stage-day-counts.ts',
      'libs/persistence/src/leads/lead.repository.ts',
      'libs/persistence/src/workflow-executions/workflow-execution.schema.ts',
    ],
    embedded:
      'a date range is filtered in memory after reading every document: stage changes carry a numeric hour stamp read by index ranges, and closed hours are kept as counts; stale outboxes are found by their count first, and due pending runs by an equality on start_held',
    mongodb: 'a date range is an index range; the kept hours are right there too',
  },
  groupAccumulators: {
    where: ['libs/persistence/src/campaign-memberships/campaign-membership.repository.ts'],
    embedded: 'a $group computes only its first accumulator (upstream issue 4616): one accumulator per stage',
    mongodb: 'any number of accumulators per $group',
  },
  upsertsAndIncrements: {
    where: ['libs/persistence/src/sequential-ids.ts', 'libs/persistence/src/insert-once.ts'],
    embedded:
      'upserts and (unpatched) $inc are a read then a write: unique indexes decide every race, and a taken id is retried',
    mongodb: 'atomic; the same unique indexes make the retries no-ops',
  },
  duplicateKeyDetail: {
    where: ['libs/persistence/src/unique-names.ts', 'libs/persistence/src/duplicate-key.ts'],
    embedded:
      'a duplicate key does not name its index, and a findAndModify that breaks one answers InternalError quoting the PostgreSQL constraint: callers ask the data which value is taken',
    mongodb: 'error 11000 with keyPattern and keyValue',
  },
  inListMatching: {
    where: ['libs/persistence/src/activities/activity.repository.ts'],
    embedded:
      'a long $in list is matched against every document again after the index scan: a bulk chunk reads an id range',
    mongodb: 'an $in list is index seeks; the range read costs the same',
  },
  bsonConversion: {
    where: ['libs/persistence/src/lead-scores/lead-score.schema.ts'],
    embedded:
      'every BSON value is converted one by one: a score entry stores its matched rules as one JSON text (2.7 ms -> 1 ms per insert at 200 rules)',
    mongodb: 'sub-documents are cheap; the text is read back the same',
  },
  slowCountTimeout: {
    where: ['libs/services/jobs/src/queue-reachability.service.ts'],
    embedded:
      'counting 100,000 leads takes longer than DEPENDENCY_TIMEOUT_MS, so a bulk run over every lead checks Redis first and then counts without the queue timeout',
    mongodb: 'the count is an index count of milliseconds; the same order is right there too',
  },
  unstorableValues: {
    where: ['apps/api/src/http/body-gate.ts'],
    embedded:
      'PostgreSQL text cannot hold U+0000, and dotted keys and arrays directly inside arrays are refused: the API refuses such bodies first',
    mongodb: 'NUL in values and nested arrays are stored; the API refuses the same bodies on both servers',
  },
});

/** The profile of the server that answered `buildInfo`: FerretDB says so in `ferretdbVersion`. */
export function serverProfileOf(buildInfo: Readonly<Record<string, unknown>>): ServerProfile {
  return typeof buildInfo.ferretdbVersion === 'string' ? EMBEDDED_SERVER : MONGODB_SERVER;
}

/** Asks the server once which one it is. */
export async function readServerProfile(connection: Connection): Promise<ServerProfile> {
  const db = connection.db;
  if (!db) throw new Error('the MongoDB connection is not open');
  return serverProfileOf(await db.admin().command({ buildInfo: 1 }));
}

export const SERVER_PROFILE = Symbol('SERVER_PROFILE');

/** The server's profile, read at start on the process's connection; global, as the connection is. */
@Global()
@Module({
  providers: [
    {
      provide: SERVER_PROFILE,
      inject: [getConnectionToken()],
      useFactory: (connection: Connection) => readServerProfile(connection),
    },
  ],
  exports: [SERVER_PROFILE],
})
export class ServerProfileModule {}
