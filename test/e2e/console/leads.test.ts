import { callApi } from '@leadflow/test-harness';
import { seriousA11yViolations, useConsoleTest } from './console-browser';

/** The lead page and the dashboard, read from the real API after a real calculation. */
describe('console: leads and dashboard', () => {
  let leadId: number;
  let decisionMakerId: number;
  const t = useConsoleTest(async () => {
    const call = (method: string, path: string, body?: unknown) =>
      callApi(t.base, method, path, t.admin, body);
    await call('POST', '/api/lead-qualification/scoring-rules/', {
      name: 'Target Industry',
      rule_type: 'firmographic',
      field_name: 'industry',
      operator: 'in_list',
      value: '["SaaS", "Enterprise Software"]',
      points: 20,
    });
    const decisionMaker = await call('POST', '/api/lead-qualification/scoring-rules/', {
      name: 'Decision Maker',
      rule_type: 'demographic',
      field_name: 'title',
      operator: 'contains',
      value: 'director',
      points: 15,
    });
    decisionMakerId = decisionMaker.body.id;
    const users = await call('GET', '/api/users/?page_size=100');
    const adminId = users.body.results.find((user: { username: string }) => user.username === 'admin').id;
    const lead = await call('POST', '/api/leads/', {
      owner_id: adminId,
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@engines.example',
      company: 'Analytical Engines',
      industry: 'SaaS',
      title: 'Director of Research',
    });
    leadId = lead.body.id;
    await call('POST', `/api/leads/${leadId}/activities/`, { type: 'email_opened' });
    const scored = await call('POST', '/api/lead-qualification/lead-scores/calculate/', { lead_id: leadId });
    expect(scored.body.score).toBe(35);
  });

  it('opens a lead page from the leads list: score, history chart, breakdown, why, activities', async () => {
    const { page, screenshot } = t.browser;
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByLabel('Search leads').fill('Lovelace');
    // the owner by username, not by id
    await page.getByRole('row', { name: /Ada Lovelace.*admin/ }).waitFor();
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.getByRole('heading', { name: 'Lead: Ada Lovelace' }).waitFor();
    await page.getByRole('heading', { name: /Score 35/ }).waitFor();
    await page.getByRole('img', { name: 'Score over time' }).waitFor();
    await page.getByRole('img', { name: 'Points by category' }).waitFor();
    const why = page.locator('section', { has: page.getByRole('heading', { name: 'Why this score' }) });
    await why.getByRole('link', { name: 'Target Industry' }).waitFor();
    await why.getByRole('link', { name: 'Decision Maker' }).waitFor();
    const activities = page.locator('section', { has: page.getByRole('heading', { name: 'Activities' }) });
    await activities.getByText('email_opened').waitFor();
    const emails = page.locator('section', { has: page.getByRole('heading', { name: 'Emails sent' }) });
    await emails.getByText('No emails sent.').waitFor();
    expect(page.url()).toBe(`${t.base}/admin/leads/${leadId}/`);
    // the story says why the score is what it is, dated, with the rules that gave the points
    const story = page.getByRole('list', { name: 'What happened to the lead, newest first' });
    await story.getByText('Score 0 → 35 (+35): +20 Target Industry, +15 Decision Maker').waitFor();
    // between two calculations an activity is recorded and a field edited; an editor recalculates in place
    const call = (method: string, path: string, body?: unknown) =>
      callApi(t.base, method, path, t.admin, body);
    expect((await call('POST', `/api/leads/${leadId}/activities/`, { type: 'form_submitted' })).status).toBe(
      201,
    );
    expect((await call('PATCH', `/api/leads/${leadId}/`, { phone: '+44 20 7946 0000' })).status).toBe(200);
    await page.getByRole('button', { name: 'Recalculate score' }).click();
    await page.getByRole('status').filter({ hasText: 'Recalculated: score 35.' }).waitFor();
    // the new score change names what was recorded between: the activity, and the edit by the inputs version
    await story
      .getByText(
        /Score 35 → 35 \(\+0\): 1 × form_submitted recorded, 1 other input write: field edits or predictions \(inputs version \d+ → \d+\)/,
      )
      .waitFor();
    await story.getByText('Activity form_submitted').waitFor();
    await screenshot('console-lead-page');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('names a rule deleted since the calculation from the version that held it, without a dead link', async () => {
    const { page } = t.browser;
    const removed = await callApi(
      t.base,
      'DELETE',
      `/api/lead-qualification/scoring-rules/${decisionMakerId}/`,
      t.admin,
    );
    expect(removed.status).toBe(204);
    await page.goto(`${t.base}/admin/leads/${leadId}/`);
    const why = page.locator('section', { has: page.getByRole('heading', { name: 'Why this score' }) });
    await why.getByText(`deleted rule ‘Decision Maker’ (id ${decisionMakerId})`).waitFor();
    await expect(why.getByRole('link', { name: 'Decision Maker' }).count()).resolves.toBe(0);
    await why.getByRole('link', { name: 'Target Industry' }).waitFor();
  });

  it('shows the score distribution, the stage funnel and the qualified leads per day on the dashboard', async () => {
    const { page, screenshot } = t.browser;
    // a stage the lead's 20 points (the deleted rule's gone) reach: its next calculation moves it to MQL today
    const mql = await callApi(t.base, 'POST', '/api/lead-qualification/qualification-criteria/', t.admin, {
      name: 'Marketing Qualified Lead',
      stage: 'mql',
      minimum_score: 20,
      required_fields: [],
      required_actions: [],
      time_constraint_days: null,
      is_active: true,
    });
    expect(mql.status).toBe(201);
    const scored = await callApi(t.base, 'POST', '/api/lead-qualification/lead-scores/calculate/', t.admin, {
      lead_id: leadId,
    });
    expect(scored.body.qualification_stage).toBe('mql');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const trend = page.getByRole('table', { name: 'Leads in each stage at the end of each day' });
    const today = new Date().toISOString().slice(5, 10);
    await trend.getByRole('row', { name: `${today} 1` }).waitFor({ state: 'attached' });
    await expect(trend.getByRole('row').count()).resolves.toBe(31); // the header and 30 days
    await page.getByText('Entered in 30 days: MQL 1').waitFor();
    const buckets = page.getByRole('img', { name: 'Leads per score bucket' });
    await buckets.waitFor();
    await page.getByText('Average score: 20').waitFor();
    await page.getByRole('img', { name: 'Leads per qualification stage' }).waitFor();
    // every card loads on its own; these are the ones that read queues and runs
    await page.getByRole('img', { name: 'Workflow runs per day by outcome' }).waitFor();
    await page.getByRole('img', { name: 'Jobs per queue by state' }).waitFor();
    await page.getByText('Decided runs not started').waitFor();
    await screenshot('console-dashboard');
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
  });

  it('reads the emails sent to a lead through GET /api/sent-emails/, and names a missing lead_id', async () => {
    expect((await callApi(t.base, 'GET', `/api/sent-emails/?lead_id=${leadId}`, t.admin)).body).toEqual([]);
    const missing = await callApi(t.base, 'GET', '/api/sent-emails/', t.admin);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((error: { field: string }) => error.field)).toContain('lead_id');
  });
});
