#!/usr/bin/env node
// Loads the example data through the public API, as an integrator would: the guide's scoring rules,
// criteria and workflows, a few users, and generated leads with activities, then scores every lead.
// It does nothing when scoring rules already exist, so `npm run dev` can run it on every start.
// Usage: node scripts/load-demo-data.mjs [base URL, default http://127.0.0.1:3000]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const base = (process.argv[2] ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const demo = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'demo', 'demo.json'), 'utf8'),
);
const admin = {
  username: process.env.ADMIN_USERNAME || 'admin',
  password: process.env.ADMIN_PASSWORD || 'admin',
};

async function call(method, path, headers, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
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

async function main() {
  const { access_token: token } = await call('POST', '/api/auth/token', {}, admin);
  const auth = { authorization: `Bearer ${token}` };
  const existing = await call('GET', '/api/lead-qualification/scoring-rules/?page_size=1', auth);
  if (existing.count > 0) {
    console.log(`demo data: already loaded (${existing.count} scoring rules); nothing to do`);
    return;
  }
  for (const user of demo.users) await call('POST', '/api/users/', auth, user);
  for (const rule of demo.rules) await call('POST', '/api/lead-qualification/scoring-rules/', auth, rule);
  for (const criterion of demo.criteria)
    await call('POST', '/api/lead-qualification/qualification-criteria/', auth, criterion);
  for (const workflow of demo.workflows)
    await call('POST', '/api/lead-qualification/workflows/', auth, workflow);
  const leads = generateLeads(40);
  for (const { lead, activities } of leads) {
    const created = await call('POST', '/api/leads/', auth, lead);
    for (const activity of activities)
      await call('POST', `/api/leads/${created.id}/activities/`, auth, activity);
  }
  const job = await call('POST', '/api/lead-qualification/lead-scores/bulk_calculate/', auth, {
    recalculate_all: true,
  });
  console.log(
    `demo data: ${demo.users.length} users, ${demo.rules.length} scoring rules, ${demo.criteria.length} criteria, ` +
      `${demo.workflows.length} workflows and ${leads.length} leads loaded; scoring them in job ${job.job_id ?? job.id}`,
  );
}

main().catch((error) => {
  console.error(`demo data: ${error.message}`);
  process.exit(1);
});
