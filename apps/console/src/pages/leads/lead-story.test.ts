import { describe, expect, it } from 'vitest';
import { leadStory } from './lead-story';

describe('leadStory', () => {
  it('puts score changes, their inputs, stage changes, runs, tasks, emails and notifications on one time line, newest first', () => {
    const story = leadStory({
      activities: [{ type: 'email_opened', created_at: '2026-12-02T09:00:00.000Z' }],
      enriched: {
        industry: { value: 'SaaS', source: 'clearbit', fetched_at: '2026-12-02T09:30:00.000Z' },
      },
      changes: [
        {
          at: '2026-12-02T10:00:00.000Z',
          score: 35,
          previousScore: 20,
          version: null,
          stage: { from: 'unqualified', to: 'mql' },
          gained: [{ ruleId: '2', name: 'Decision maker', points: 15 }],
          lost: [],
          repointed: [],
          inputs: [],
        },
      ],
      stages: [
        { from_stage: 'unqualified', to_stage: 'mql', score: 35, changed_at: '2026-12-02T10:00:01.000Z' },
      ],
      runs: [
        { id: 9, workflow_name: 'Nurture', status: 'completed', started_at: '2026-12-02T10:00:02.000Z' },
      ],
      tasks: [{ title: 'Call', priority: 'high', status: 'open', created_at: '2026-12-02T10:00:03.000Z' }],
      emails: [{ subject: 'Hi', to: 'a@x.example', sent_at: null, created_at: '2026-12-01T09:00:00.000Z' }],
      notifications: [
        { message: 'A hot lead', read_at: null, created_at: '2026-12-02T10:00:04.000Z' },
        { message: 'Seen', read_at: '2026-12-02T11:00:00.000Z', created_at: '2026-11-30T08:00:00.000Z' },
      ],
    });
    expect(story.map((entry) => [entry.kind, entry.text])).toEqual([
      ['notification', 'Notification “A hot lead” (unread)'],
      ['task', 'Task “Call” (high, open)'],
      ['workflow', 'Workflow “Nurture” completed'],
      ['stage', 'Stage unqualified → mql at score 35'],
      ['score', 'Score 20 → 35 (+15): +15 Decision maker'],
      ['enrichment', 'industry enriched from clearbit'],
      ['activity', 'Activity email_opened'],
      ['email', 'Email “Hi” to a@x.example (not sent yet)'],
      ['notification', 'Notification “Seen”'],
    ]);
    expect(story[2]?.to).toBe('/lead_qualification/executions/9/');
    expect(story[0]?.to).toBe('/notifications/');
  });
});
