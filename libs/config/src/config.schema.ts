import { z } from 'zod';
import { url, type VariableSpec, type VariablesOf } from './variables';

const port = z.coerce.number().int('must be an integer').min(1).max(65535);
const positiveInt = z.coerce.number().int('must be an integer').positive('must be positive');
const hostPort = z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port');

/** Demo defaults: fine on a laptop, refused when NODE_ENV=production (see productionProblems). */
export const DEV_JWT_SECRET = 'leadflow-development-secret-do-not-use-in-production';
export const DEV_ADMIN_USERNAME = 'admin';
export const DEV_ADMIN_PASSWORD = 'admin';
export const DEV_WEBHOOK_SECRET = 'leadflow-development-webhook-secret';

/** `host:port` entries separated by commas; an empty variable is an empty list. */
const hostPortList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .pipe(z.array(z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/, 'must be host:port entries')));

/** At most `requests_per_second` on average to one provider from all workers together, in bursts of up to `burst`. */
const rateLimitSchema = z.strictObject({
  requests_per_second: z.number().positive(),
  burst: z.number().int().positive().optional(),
});
const valuePath = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** One configurable HTTP enrichment provider (ENRICHMENT_HTTP_PROVIDERS is a JSON array of these). */
export const httpEnrichmentProviderSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1 to 40 lower-case letters, digits, - or _'),
  url_template: z.string().min(1),
  auth: z.strictObject({ header: z.string().min(1), value: z.string().min(1) }).optional(),
  mapping: z.strictObject({
    company_revenue: valuePath.optional(),
    industry: valuePath.optional(),
    company_size: valuePath.optional(),
    technologies: valuePath.optional(),
    job_level: valuePath.optional(),
    social_profiles: z.record(z.string(), valuePath).optional(),
  }),
  timeout_ms: z.number().int().positive().optional(),
  retries: z.number().int().min(0).max(10).optional(),
  backoff_ms: z.number().int().positive().optional(),
  rate_limit: rateLimitSchema.optional(),
});
export type HttpEnrichmentProviderConfig = z.output<typeof httpEnrichmentProviderSchema>;

const httpEnrichmentProviders = z
  .string()
  .default('[]')
  .transform((value, context) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON array of providers' });
      return z.NEVER;
    }
  })
  .pipe(z.array(httpEnrichmentProviderSchema));

/**
 * Every environment variable the API and the worker read, with its type, default and meaning. The README's
 * configuration table is generated from the same list (`npm run config:table`), so the two cannot drift apart.
 */
export const CONFIG_VARIABLES = {
  NODE_ENV: {
    schema: z.enum(['development', 'test', 'production']).default('development'),
    description: 'development, test or production; production refuses demo defaults.',
  },
  HOST: { schema: z.string().min(1).default('127.0.0.1'), description: 'Interface the API listens on.' },
  PORT: {
    schema: port.default(3000),
    description: 'Port of the HTTP API (Swagger at /api/docs, console at /admin).',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'Minimum level of the logs written to stdout.',
  },
  LOG_FORMAT: {
    schema: z.enum(['auto', 'json', 'pretty']).default('auto'),
    description:
      'json: one JSON object per line, for log shippers; pretty: coloured lines for people, stack traces on lines of their own; auto: pretty when stdout is a terminal.',
  },
  BODY_LIMIT: {
    schema: z
      .string()
      .regex(/^\d+(b|kb|mb)$/, 'must look like 512kb or 1mb')
      .default('1mb'),
    description: 'Largest accepted JSON request body.',
  },
  BODY_MAX_DEPTH: {
    schema: positiveInt.max(1000).default(32),
    description:
      'Deepest nesting of objects and arrays accepted in a body, query string or import (400 past it).',
  },
  BODY_MAX_KEYS: {
    schema: positiveInt.default(100_000),
    description: 'Most keys and array items, over all levels, accepted in a body, query string or import.',
  },
  MONGO_URL: {
    schema: url(['mongodb:', 'mongodb+srv:']),
    description: 'MongoDB connection string (any MongoDB-wire server; the launcher starts one when unset).',
    shownDefault: '(required; set by the launcher)',
  },
  MONGO_DB: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/)
      .default('leadflow'),
    description: 'Database name.',
  },
  REDIS_URL: {
    schema: url(['redis:', 'rediss:']),
    description: 'Redis for the Bull queues (noeviction and AOF recommended).',
    shownDefault: '(required; set by the launcher)',
  },
  REDIS_PREFIX: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_:-]{1,64}$/)
      .default('leadflow'),
    description: 'Key prefix of every Bull queue, so several deployments can share one Redis.',
  },
  TEMPORAL_ADDRESS: {
    schema: hostPort,
    description: 'Temporal frontend gRPC address.',
    shownDefault: '(required; set by the launcher)',
  },
  TEMPORAL_NAMESPACE: { schema: z.string().min(1).default('default'), description: 'Temporal namespace.' },
  TEMPORAL_TASK_QUEUE: {
    schema: z.string().min(1).default('leadflow'),
    description:
      'Task queue of live runs (API calls, activities, enrichment); bulk runs use the same name with "-bulk" after it.',
  },
  TEMPORAL_ID_PREFIX: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, - or _')
      .default('leadflow'),
    description:
      'Prefix of every Temporal workflow and schedule id, so deployments sharing a namespace never collide.',
  },
  TEMPORAL_UI_URL: {
    schema: z.union([z.literal(''), url(['http:', 'https:'])]).default(''),
    description: 'Base URL of the Temporal UI, used to link executions (empty: no links).',
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: positiveInt.default(30_000),
    description: 'How long a stopping worker lets in-flight activities and jobs finish.',
  },
  DEPENDENCY_TIMEOUT_MS: {
    schema: positiveInt.default(2_000),
    description: 'Time limit of each health probe and of connecting to a dependency at start.',
  },
  WORKFLOW_START_LEASE_MS: {
    schema: positiveInt.default(60_000),
    description:
      'How long a worker holds the decided runs it is starting; after that another worker takes them over.',
  },
  WORKFLOW_START_BATCH: {
    schema: positiveInt.default(64),
    description: 'Decided runs the relay hands to Temporal at once (live ones first).',
  },
  WORKFLOW_BULK_STARTS_PER_SECOND: {
    schema: positiveInt.default(20),
    description:
      'Most bulk runs (recalculations, publishing, decay) one worker starts per second, leaving the Temporal server headroom for live runs.',
  },
  WORKER_BULK_WORKFLOW_SLOTS: {
    schema: positiveInt.default(4),
    description: 'Workflow tasks of bulk runs one worker executes at once (live runs have their own slots).',
  },
  WORKER_BULK_ACTIVITY_SLOTS: {
    schema: positiveInt.default(8),
    description: 'Activities of bulk runs one worker executes at once, local and ordinary each.',
  },
  WORKFLOW_RELAY_IDLE_MS: {
    schema: positiveInt.default(200),
    description: 'How long the relay waits before looking again when no decided run is due.',
  },
  RELAY_TEST_KILL_BEFORE_START: {
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    description:
      'Tests only (NODE_ENV=test): the relay kills its own process with SIGKILL after taking runs, before starting them.',
  },
  RETRY_AFTER_SECONDS: {
    schema: positiveInt.max(3600).default(5),
    description: 'Retry-After of the 503 the API answers while MongoDB, Redis or Temporal is unreachable.',
  },
  JWT_SECRET: {
    schema: z.string().min(16, 'must be at least 16 characters').default(DEV_JWT_SECRET),
    description: 'Secret that signs API access tokens (HS256); production refuses the development default.',
    shownDefault: '(development secret; refused in production)',
  },
  JWT_TTL_SECONDS: {
    schema: positiveInt.default(3600),
    description: 'Lifetime of an access token from POST /api/auth/token, in seconds.',
  },
  ADMIN_USERNAME: {
    schema: z.string().min(1).max(64).default(DEV_ADMIN_USERNAME),
    description: 'First admin, created at start when no user has that name yet.',
  },
  ADMIN_PASSWORD: {
    schema: z.string().min(1).max(128).default(DEV_ADMIN_PASSWORD),
    description: 'Password of the first admin; production refuses admin/admin.',
  },
  SMTP_URL: {
    schema: url(['smtp:', 'smtps:']).default('smtp://127.0.0.1:2525'),
    description: 'SMTP server the send_email action delivers through (smtps: for implicit TLS).',
  },
  MAIL_FROM: {
    schema: z.string().min(3).max(256).default('Leadflow <leadflow@localhost>'),
    description: 'From address of the mail the send_email action sends.',
  },
  WEBHOOK_SECRET: {
    schema: z.string().min(16, 'must be at least 16 characters').default(DEV_WEBHOOK_SECRET),
    description: 'HMAC-SHA256 key of the X-Leadflow-Signature header on webhook calls.',
    shownDefault: '(development secret; refused in production)',
  },
  OUTBOUND_ALLOW_PRIVATE_HOSTS: {
    schema: hostPortList,
    description: 'Comma-separated host:port entries that outbound calls may reach despite private addresses.',
    shownDefault: '(empty: none)',
  },
  ENRICHMENT_DATASET_PATH: {
    schema: z.string().min(1).default('data/enrichment/companies.json'),
    description: 'Company file (.json or .csv) of the `dataset` enrichment source.',
  },
  CLEARBIT_API_KEY: {
    schema: z.string().default(''),
    description: 'Key of the `clearbit` enrichment source (empty: the source is not offered).',
    shownDefault: '(empty: no clearbit source)',
  },
  CLEARBIT_URL_TEMPLATE: {
    schema: z.string().min(1).default('https://company.clearbit.com/v2/companies/find?domain={domain}'),
    description: 'URL of the `clearbit` source; point it at another server of the same shape.',
  },
  CLEARBIT_REQUESTS_PER_SECOND: {
    schema: z.coerce.number().positive('must be positive').default(10),
    description: 'Requests per second to the `clearbit` source, one limit for all workers (kept in Redis).',
  },
  ENRICHMENT_HTTP_PROVIDERS: {
    schema: httpEnrichmentProviders,
    description: 'JSON array of more HTTP enrichment sources (README: Enrichment).',
  },
  ENRICHMENT_HTTP_TIMEOUT_MS: {
    schema: positiveInt.default(5_000),
    description: 'Time limit of each HTTP enrichment request.',
  },
  ENRICHMENT_HTTP_RETRIES: {
    schema: z.coerce.number().int('must be an integer').min(0).max(10).default(2),
    description: 'Retries of an HTTP enrichment request on 5xx or timeout.',
  },
  ENRICHMENT_HTTP_BACKOFF_MS: {
    schema: positiveInt.default(250),
    description: 'Wait before the first HTTP enrichment retry, doubled for each next one.',
  },
  ENRICHMENT_JOB_ATTEMPTS: {
    schema: positiveInt.default(3),
    description: 'Attempts of an enrichment job whose provider failed in a retryable way.',
  },
  RECALCULATION_CRON: {
    schema: z
      .string()
      .trim()
      .regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron expression of 5 (or 6, with seconds) fields')
      .default('0 2 * * *'),
    description: "When the worker rescores every lead (the maintenance queue's repeatable job), as a cron.",
  },
  RECALCULATION_TIMEZONE: {
    schema: z
      .string()
      .min(1)
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as UTC or Europe/Berlin')
      .default('UTC'),
    description: 'Time zone of RECALCULATION_CRON.',
  },
  PREDICTIVE_SCORE: {
    schema: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    description:
      "Predictive score: the win model's probability stored on every open lead (fact predicted_win_probability), refreshed nightly and after each fit.",
  },
  PREDICTIVE_REFRESH_CRON: {
    schema: z
      .string()
      .trim()
      .regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron expression of 5 (or 6, with seconds) fields')
      .default('30 1 * * *'),
    description:
      'When the worker refits the win model and refreshes the predictions (PREDICTIVE_SCORE=true), in RECALCULATION_TIMEZONE.',
  },
  BULK_CHUNK_SIZE: {
    schema: positiveInt.max(20_000).default(1_000),
    description: 'Leads per chunk job of a bulk recalculation; chunks are shared among the worker processes.',
  },
} satisfies Record<string, VariableSpec<z.ZodType>>;

export type Config = VariablesOf<typeof CONFIG_VARIABLES>;

/** What a production configuration may not keep from the demo defaults, one sentence per problem. */
export function productionProblems(config: Config): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (config.JWT_SECRET === DEV_JWT_SECRET) problems.push('JWT_SECRET must be set in production');
  if (config.ADMIN_USERNAME === DEV_ADMIN_USERNAME && config.ADMIN_PASSWORD === DEV_ADMIN_PASSWORD) {
    problems.push('ADMIN_PASSWORD must not be the admin/admin default in production');
  }
  if (config.WEBHOOK_SECRET === DEV_WEBHOOK_SECRET) problems.push('WEBHOOK_SECRET must be set in production');
  return problems;
}
