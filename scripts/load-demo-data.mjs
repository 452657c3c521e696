#!/usr/bin/env node
// Loads the example data through the public API, as an integrator would: a few users, the guide's scoring
// rules, criteria and workflows (one rule-set apply, so one version), then generated leads imported in
// batches, each row carrying the lead's activities, and scores every lead with bulk_calculate; then marks
// two in five leads won or lost, after their scores, so conversion analytics has outcomes to learn from and
// a score at each outcome date. Each step loads only what is missing, so `npm run dev` runs it on every
// start and a second run loads nothing twice.
// Usage: node scripts/load-demo-data.mjs [base URL, default http://127.0.0.1:3000] [--leads N] [--no-wait]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args.splice(index, 2)[1];
};
const flag = (name) => {
  const index = args.indexOf(name);
  if (index !== -1) args.splice(index, 1);
  return index !== -1;
};
const LEAD_COUNT = Number(option('--leads') ?? 1000);
const WAIT_FOR_SCORES = !flag('--no-wait');
const IMPORT_BATCH = 250;
const base = (args[0] ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const demo = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'demo', 'demo.json'), 'utf8'),
);
const admin = {
  username: process.env.ADMIN_USERNAME || 'admin',
  password: process.env.ADMIN_PASSWORD || 'admin',
};

async function call(method, path, headers, body, { allow = [] } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 400 && !allow.includes(response.status)) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A small deterministic generator, so every demo shows the same leads. */
function seeded(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function generateLeads(count) {
  const random = seeded(42);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const first = [
    'Ada',
    'Grace',
    'Alan',
    'Linus',
    'Margaret',
    'Ken',
    'Barbara',
    'Dennis',
    'Frances',
    'Edsger',
  ];
  const last = [
    'Lovelace',
    'Hopper',
    'Turing',
    'Torvalds',
    'Hamilton',
    'Thompson',
    'Liskov',
    'Ritchie',
    'Allen',
  ];
  const companies = [
    'Acme Corp',
    'Globex',
    'Initech',
    'Umbrella',
    'Hooli',
    'Stark Industries',
    'Wayne Enterprises',
  ];
  const industries = [
    'SaaS',
    'Enterprise Software',
    'Technology',
    'Finance',
    'Healthcare',
    'Retail',
    'Manufacturing',
  ];
  const sizes = ['1-10', '11-50', '51-200', '201-500', '500+'];
  const titles = [
    'Director of Engineering',
    'VP Sales',
    'Marketing Manager',
    'Software Engineer',
    'CTO',
    'Analyst',
    'Head of Growth',
  ];
  const activityTypes = [
    'email_opened',
    'email_opened',
    'email_clicked',
    'website_visit',
    'form_submitted',
    'demo_requested',
  ];
  return Array.from({ length: count }, (_, index) => {
    const firstName = pick(first);
    const lastName = pick(last);
    const company = pick(companies);
    const daysAgo = Math.floor(random() * 90);
    const activities = Array.from({ length: Math.floor(random() * 9) }, () => ({
      type: pick(activityTypes),
      occurred_at: new Date(Date.now() - Math.floor(random() * daysAgo + 1) * 86_400_000).toISOString(),
    }));
    return {
      lead: {
        first_name: firstName,
        last_name: lastName,
        email:
          `${firstName}.${lastName}.${index}@${company.toLowerCase().replace(/[^a-z]/g, '')}.example`.toLowerCase(),
        phone: random() > 0.3 ? `+1-555-01${String(index).padStart(2, '0')}` : undefined,
        company,
        title: pick(titles),
        industry: pick(industries),
        company_size: pick(sizes),
        source: pick(['webinar', 'website', 'referral', 'event']),
        status: 'new',
        created_at: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      },
      activities,
    };
  });
}

async function loadUsers(auth) {
  let created = 0;
  for (const user of demo.users) {
    const reply = await call('POST', '/api/users/', auth, user, { allow: [409] });
    if (reply.status === 201) created++;
  }
  return created;
}

/** The guide's rules, criteria and workflows as one bundle: one rule-set version; skipped once any exist. */
async function loadRuleSet(auth) {
  const counts = await Promise.all(
    ['scoring-rules', 'qualification-criteria', 'workflows'].map(
      async (kind) => (await call('GET', `/api/lead-qualification/${kind}/?page_size=1`, auth)).body.count,
    ),
  );
  if (counts.some((count) => count > 0)) return null;
  const bundle = { kind: 'bundle', rules: demo.rules, criteria: demo.criteria, workflows: demo.workflows };
  return (await call('POST', '/api/lead-qualification/rule-sets/apply/', auth, bundle)).body;
}

/**
 * The generated leads that are not there yet: the loader is the only writer of a fresh demo, so the first
 * `count` generated leads are the ones already stored, and an interrupted run resumes after them.
 */
async function loadLeads(auth) {
  const stored = (await call('GET', '/api/leads/?page_size=1', auth)).body.count;
  const missing = generateLeads(LEAD_COUNT).slice(stored);
  let activities = 0;
  for (let start = 0; start < missing.length; start += IMPORT_BATCH) {
    const rows = missing.slice(start, start + IMPORT_BATCH).map(({ lead, activities: list }) => ({
      ...lead,
      activities: list,
    }));
    const imported = (await call('POST', '/api/leads/import/', auth, rows)).body;
    if (imported.failed > 0) throw new Error(`import refused rows: ${JSON.stringify(imported.errors)}`);
    activities += imported.activities;
  }
  return { leads: missing.length, activities };
}

/**
 * Whether a generated lead is decided and won: two in five are decided, and their odds of winning depend on
 * the rules "Target Industry" and "Decision Maker" (strongly) and "Email Engaged" (a little), and on no other
 * rule, so the analytics page shows real lifts beside rules without evidence, and a suggestion to change.
 * A generator of its own, so the leads themselves stay as they were before outcomes existed.
 */
function generateOutcomes(generated) {
  const random = seeded(7);
  return generated.map(({ lead, activities }, index) => {
    const chance = random();
    if (index % 5 >= 2) return null;
    const targetIndustry = ['SaaS', 'Enterprise Software'].includes(lead.industry);
    const decisionMaker = lead.title.toLowerCase().includes('director');
    const engaged = activities.filter((activity) => activity.type === 'email_opened').length > 3;
    const logit = -1.8 + 1.7 * targetIndustry + 1.4 * decisionMaker + 0.4 * engaged;
    return chance < 1 / (1 + Math.exp(-logit)) ? 'won' : 'lost';
  });
}

/**
 * The outcomes of the generated leads, recorded after their scores (so each has a score at its outcome
 * date); skipped once any lead has an outcome. Leads are matched by email, the generator's unique key.
 */
async function loadOutcomes(auth) {
  const decided = async (outcome) =>
    (await call('GET', `/api/leads/?outcome=${outcome}&page_size=1`, auth)).body.count;
  if ((await decided('won')) + (await decided('lost')) > 0) return 0;
  const generated = generateLeads(LEAD_COUNT);
  const outcomes = generateOutcomes(generated);
  const outcomeByEmail = new Map(generated.map(({ lead }, index) => [lead.email, outcomes[index]]));
  let recorded = 0;
  for (let page = 1; ; page++) {
    const listed = (await call('GET', `/api/leads/?ordering=id&page_size=500&page=${page}`, auth)).body;
    for (const lead of listed.results) {
      const outcome = outcomeByEmail.get(lead.email);
      if (!outcome) continue;
      await call('POST', `/api/leads/${lead.id}/outcome/`, auth, { outcome });
      recorded++;
    }
    if (!listed.next) return recorded;
  }
}

/** bulk_calculate over every lead, and (unless --no-wait) its progress until the worker is done. */
async function scoreAll(auth) {
  const job = (
    await call('POST', '/api/lead-qualification/lead-scores/bulk_calculate/', auth, { recalculate_all: true })
  ).body;
  if (!WAIT_FOR_SCORES) return `scoring job ${job.job_id} queued`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const status = (
      await call('GET', `/api/lead-qualification/lead-scores/bulk_calculate/${job.job_id}/`, auth)
    ).body;
    if (status.finished_at || status.state === 'completed' || status.state === 'failed') {
      return `scored ${status.processed} of ${status.total} leads (job ${job.job_id}, ${status.state})`;
    }
    if (Date.now() > deadline)
      return `scoring job ${job.job_id} still running (${status.processed}/${status.total})`;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function main() {
  const { access_token: token } = (await call('POST', '/api/auth/token', {}, admin)).body;
  const auth = { authorization: `Bearer ${token}` };
  const users = await loadUsers(auth);
  const ruleSet = await loadRuleSet(auth);
  const { leads, activities } = await loadLeads(auth);
  const loaded = [
    users > 0 && `${users} users`,
    ruleSet &&
      `${demo.rules.length} scoring rules, ${demo.criteria.length} criteria and ${demo.workflows.length} workflows (rule-set version ${ruleSet.rule_set_version})`,
    leads > 0 && `${leads} leads with ${activities} activities`,
  ].filter(Boolean);
  if (loaded.length === 0) {
    // a run stopped before its outcomes: record them now
    const outcomes = await loadOutcomes(auth);
    console.log(
      outcomes > 0 ? `demo data: ${outcomes} leads won or lost` : 'demo data: already loaded; nothing to do',
    );
    return;
  }
  const scored = leads > 0 || ruleSet ? `; ${await scoreAll(auth)}` : '';
  const outcomes = await loadOutcomes(auth);
  console.log(
    `demo data: loaded ${loaded.join(', ')}${scored}${outcomes > 0 ? `; ${outcomes} leads won or lost` : ''}`,
  );
}

main().catch((error) => {
  console.error(`demo data: ${error.message}`);
  process.exit(1);
});
