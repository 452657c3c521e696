// Benchmark: POST /lead-scores/calculate/ with 200 active rules, at 1, 10 and 50 connections (autocannon),
// beside a trivial authenticated GET on the same server in the same run (the framework's own ceiling).
// Prints one JSON object. Needs the embedded services (`npm run services -- up`) and a build; `npm run
// bench:api` does both.
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startBenchApi } from '../bench-api';
import { requestJson } from '../http';

const repoRoot = join(__dirname, '..', '..', '..');
const RULES = 200;
// Calculations of one lead at the same moment conflict on its history (and are retried), so the requests
// spread over this many leads, as requests from many visitors would.
const LEADS = Number(process.env.BENCH_LEADS ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

function progress(message: string): void {
  process.stderr.write(`[bench/api] ${message}\n`);
}

/** Rules over the guide's facts, all categories and several operators, so the set is realistic. */
function rule(index: number): Record<string, unknown> {
  const categories = ['demographic', 'behavioral', 'firmographic', 'engagement'];
  const shapes = [
    { field_name: 'industry', operator: 'in_list', value: JSON.stringify(['SaaS', `Industry ${index}`]) },
    { field_name: 'title', operator: 'contains', value: index % 2 ? 'director' : `role${index}` },
    { field_name: 'email_opens_count', operator: 'greater_than', value: String(index % 7) },
    { field_name: 'days_since_creation', operator: 'less_than', value: String(10 + (index % 50)) },
    { field_name: 'company_size', operator: 'in_list', value: JSON.stringify(['51-200', '201-500']) },
  ];
  return {
    name: `Bench rule ${index}`,
    rule_type: categories[index % categories.length],
    ...shapes[index % shapes.length],
    points: (index % 9) - 2,
    priority: 1 + (index % 5),
  };
}

async function load(
  url: string,
  connections: number,
  headers: Record<string, string>,
  request?: { method: 'POST'; bodies: string[] },
) {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', ...headers },
    ...(request
      ? {
          method: request.method,
          // Each request scores the next lead, so no two in flight wait on one lead's sequence guard.
          requests: [
            { setupRequest: (req) => ({ ...req, body: request.bodies[next++ % request.bodies.length] }) },
          ],
        }
      : {}),
  });
  return {
    connections,
    requests_per_second: Math.round(result.requests.average),
    latency_ms: { p50: result.latency.p50, p99: result.latency.p99 },
    non_2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const { base, auth, close } = await startBenchApi(repoRoot, 'api');
  try {
    progress(`creating ${RULES} rules and ${LEADS} leads`);
    for (let i = 0; i < RULES; i++)
      await requestJson(base, 'POST', '/api/lead-qualification/scoring-rules/', auth, rule(i));
    const bodies: string[] = [];
    for (let i = 0; i < LEADS; i++) {
      const lead = await requestJson(base, 'POST', '/api/leads/', auth, {
        first_name: `Lead ${i}`,
        email: `lead${i}@bench.example`,
        title: i % 2 ? 'Director of Engineering' : 'Analyst',
        industry: i % 3 ? 'SaaS' : 'Retail',
        company_size: '201-500',
      });
      bodies.push(JSON.stringify({ lead_id: lead.id }));
    }
    const calculateUrl = `${base}/api/lead-qualification/lead-scores/calculate/`;
    const trivialUrl = `${base}/api/lead-qualification/qualification-criteria/?page_size=1`;
    const calculate = [];
    const trivial = [];
    for (const connections of [1, 10, 50]) {
      progress(`calculate at ${connections} connection(s)`);
      calculate.push(await load(calculateUrl, connections, auth, { method: 'POST', bodies }));
      progress(`trivial GET at ${connections} connection(s)`);
      trivial.push(await load(trivialUrl, connections, auth));
    }
    const at50 = (runs: { connections: number; requests_per_second: number }[]) =>
      runs.find((run) => run.connections === 50)?.requests_per_second ?? 0;
    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: 'api',
          node: process.version,
          rules: RULES,
          leads: LEADS,
          seconds_per_run: SECONDS,
          calculate,
          trivial_authenticated_get: trivial,
          targets: {
            calculate_p50_ms_at_1_connection: { target: '< 10', measured: calculate[0]?.latency_ms.p50 },
            calculate_vs_trivial_at_50: {
              target: '>= 0.25',
              measured: Number((at50(calculate) / Math.max(1, at50(trivial))).toFixed(3)),
            },
          },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench/api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
