import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFactRegistry } from '@leadflow/domain';
import { loadRuleSet } from './load-rule-set';
import { runCli } from './main';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'valid', 'bundle-email-decay.json');
const NOW = '2026-03-01T12:00:00Z';
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000 - 3_600_000).toISOString();

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'leadflow-settings-'));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

describe('rule-set settings in files', () => {
  it('leadflow score applies a bundle decay, aged to --now', async () => {
    const lead = join(work, 'lead.json');
    const opens = Array.from({ length: 4 }, () => ({ type: 'email_opened', occurred_at: daysBefore(30) }));
    writeFileSync(lead, JSON.stringify({ email: 'a@b.example', activities: opens }));
    const run = await cli('score', '--rules', FIXTURE, '--lead', lead, '--now', NOW, '--format', 'json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { score: number; matched: { decay?: unknown }[] };
    expect(result.score).toBe(5);
    expect(result.matched[0]?.decay).toMatchObject({ original_points: 10, decay_factor: 0.5, age_days: 30 });
    const text = await cli('score', '--rules', FIXTURE, '--lead', lead, '--now', NOW);
    expect(text.stdout).toContain(
      '+5 Email Engaged (email-engaged, behavioral) decayed from +10 x 0.5, 30 days old',
    );
  });

  it('loads settings from a settings file, and refuses a second file that sets them too', () => {
    const registry = defaultFactRegistry();
    const settingsFile = join(work, 'settings.json');
    writeFileSync(settingsFile, JSON.stringify({ kind: 'scoring_settings', decay: null }));
    expect(loadRuleSet([settingsFile], registry)).toMatchObject({ ok: true, settings: { decay: null } });
    const both = loadRuleSet([work, FIXTURE], registry);
    expect(both.ok).toBe(false);
    const problems = both.files.flatMap((report) => report.problems.map((found) => found.code));
    expect(problems).toEqual(['DUPLICATE_SETTINGS']);
  });
});
