import { describe, expect, it } from 'vitest';
import leadEventBefore from '../../../../../test/fixtures/histories/before-fewer-local-activities/le-21-e1.json';
import leadEvent from '../../../../../test/fixtures/histories/le-21-e1.json';
import remoteCancelled from '../../../../../test/fixtures/histories/before-local-activities/q-2-10-e5.json';
import cancelled from '../../../../../test/fixtures/histories/q-2-10-e5.json';
import completed from '../../../../../test/fixtures/histories/q-2-7-e2.json';
import { buildTimeline, fromJsonHistory, redactSecrets } from './build-timeline';

const summary = (timeline: ReturnType<typeof buildTimeline>) =>
  timeline.steps.map((step) => `${'  '.repeat(step.depth)}${step.stepId} ${step.label}: ${step.status}`);

describe('buildTimeline (recorded Temporal histories)', () => {
  it('names each step of a completed run, follows the branch it took and draws the delay as a wait', () => {
    const timeline = buildTimeline(fromJsonHistory(completed));
    expect(timeline.workflowName).toBe('Hot lead playbook');
    expect(summary(timeline)).toEqual([
      's1 assign_owner: completed',
      's2 send_email: completed',
      's3 wait PT1H: completed',
      's4 branch: completed',
      '  s5 create_task: completed',
      '  s6 move_to_stage: completed',
    ]);
    const [assign, , delay, branch] = timeline.steps;
    expect(assign).toMatchObject({ config: { round_robin: [5, 6, 7] }, attempts: 1 });
    expect(assign?.result).toMatchObject({ summary: 'assign_owner done' });
    expect(branch).toMatchObject({ branch: 'then', result: true });
    expect(delay).toMatchObject({
      startedAt: '2026-12-05T03:29:11.218Z',
      finishedAt: '2026-12-05T04:29:11.218Z',
    });
    expect(timeline.waits).toEqual([
      { stepId: 's3', kind: 'delay', from: '2026-12-05T03:29:11.218Z', to: '2026-12-05T04:29:11.218Z' },
    ]);
    expect(timeline.finishedAt).toBe('2026-12-05T04:29:11.246Z');
  });

  it('shows a run cancelled during its delay: the cancel signal, the cancelled wait, what was not reached', () => {
    for (const history of [cancelled, remoteCancelled]) {
      const timeline = buildTimeline(fromJsonHistory(history));
      expect(summary(timeline)).toEqual([
        's1 assign_owner: completed',
        's2 send_email: completed',
        's3 wait PT1H: cancelled',
        's4 branch: not reached',
      ]);
      expect(timeline.signals.map((signal) => signal.name)).toEqual(['cancel']);
    }
  });

  // Programs loaded by each run, and (since fewer-local-activities) by one call for all of them.
  it.each([
    ['one load per run', leadEventBefore],
    ['one load for all', leadEvent],
  ])(
    "picks one definition run's steps out of a lead event's run of several, with the failure (%s)",
    (_shape, history) => {
      const events = fromJsonHistory(history);
      const failed = buildTimeline(events, 'q-4-21-e1');
      expect(failed.steps).toHaveLength(1);
      expect(failed.steps[0]).toMatchObject({ status: 'failed', failure: 'bad config for change_status' });
      const playbook = buildTimeline(events, 'q-2-21-e1');
      expect(playbook.workflowName).toBe('Hot lead playbook');
      expect(summary(playbook).slice(0, 4)).toEqual([
        's1 assign_owner: completed',
        's2 send_email: completed',
        's3 wait PT1H: completed',
        's4 branch: completed',
      ]);
      // the assign_owner that retried inside its one call says so in its result
      expect(playbook.steps[0]?.attempts).toBe(3);
      expect(buildTimeline(events, 'q-1-21-e1').steps[0]?.attempts).toBe(1);
    },
  );
});

describe('redactSecrets', () => {
  it('hides secret-looking fields at any depth and credentials in URLs, and keeps the rest', () => {
    expect(
      redactSecrets({
        url: 'https://user:pw@hooks.example.com/x',
        headers: { Authorization: 'Bearer abc', 'X-Source': 'leadflow' },
        api_key: 'k',
        nested: [{ client_secret: 's', keep: 1 }],
      }),
    ).toEqual({
      url: 'https://[redacted]@hooks.example.com/x',
      headers: { Authorization: '[redacted]', 'X-Source': 'leadflow' },
      api_key: '[redacted]',
      nested: [{ client_secret: '[redacted]', keep: 1 }],
    });
  });
});
