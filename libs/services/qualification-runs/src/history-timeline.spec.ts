import { timelineOf } from './history-timeline';

const at = (seconds: number) => ({ seconds });

describe('timelineOf', () => {
  it('folds scheduled, started and closed events into one entry per activity, with attempts and failures', () => {
    // Plain numbers where the generated proto types say Long: the decoder hands out either.
    const events = [
      {
        eventId: 5,
        eventTime: at(100),
        activityTaskScheduledEventAttributes: { activityType: { name: 'runAction' }, activityId: '1' },
      },
      {
        eventId: 6,
        activityTaskStartedEventAttributes: {
          scheduledEventId: 5,
          attempt: 3,
          lastFailure: { message: 'SMTP 421' },
        },
      },
      { eventId: 7, eventTime: at(104), activityTaskCompletedEventAttributes: { scheduledEventId: 5 } },
      {
        eventId: 8,
        eventTime: at(105),
        timerStartedEventAttributes: { timerId: '2', startToFireTimeout: { seconds: 3600 } },
      },
      { eventId: 9, workflowExecutionSignaledEventAttributes: { signalName: 'cancel' } },
      { eventId: 10, timerCanceledEventAttributes: { startedEventId: 8 } },
      {
        eventId: 11,
        activityTaskScheduledEventAttributes: { activityType: { name: 'runAction' }, activityId: '3' },
      },
      { eventId: 12, activityTaskStartedEventAttributes: { scheduledEventId: 11, attempt: 1 } },
      {
        eventId: 13,
        activityTaskFailedEventAttributes: {
          scheduledEventId: 11,
          failure: { message: 'user 9 does not exist' },
        },
      },
    ] as unknown as Parameters<typeof timelineOf>[0];
    const timeline = timelineOf(events);
    expect(timeline).toEqual([
      {
        kind: 'activity',
        activity_type: 'runAction',
        activity_id: '1',
        status: 'completed',
        attempts: 3,
        failure: 'SMTP 421',
        scheduled_at: new Date(100_000).toISOString(),
        finished_at: new Date(104_000).toISOString(),
      },
      {
        kind: 'timer',
        timer_id: '2',
        seconds: 3600,
        status: 'cancelled',
        started_at: new Date(105_000).toISOString(),
      },
      { kind: 'signal', name: 'cancel', at: null },
      {
        kind: 'activity',
        activity_type: 'runAction',
        activity_id: '3',
        status: 'failed',
        attempts: 1,
        failure: 'user 9 does not exist',
        scheduled_at: null,
        finished_at: null,
      },
    ]);
  });

  it('shows a local activity from its marker: type, attempts, times, and its failure', () => {
    const marker = (data: object, failure?: { message: string }) => ({
      markerRecordedEventAttributes: {
        markerName: 'core_local_activity',
        details: { data: { payloads: [{ data: Buffer.from(JSON.stringify(data)) }] } },
        ...(failure ? { failure } : {}),
      },
    });
    const events = [
      { eventId: 3, markerRecordedEventAttributes: { markerName: 'core_patch', details: {} } },
      {
        eventId: 4,
        eventTime: at(200),
        ...marker({
          activity_id: '1',
          activity_type: 'loadProgram',
          attempt: 2,
          original_schedule_time: at(198),
          complete_time: at(199),
        }),
      },
      {
        eventId: 9,
        eventTime: at(210),
        ...marker({ activity_id: '3', activity_type: 'recordOutcome' }, { message: 'down' }),
      },
    ];
    expect(timelineOf(events as unknown as Parameters<typeof timelineOf>[0])).toEqual([
      {
        kind: 'activity',
        activity_type: 'loadProgram',
        activity_id: '1',
        status: 'completed',
        attempts: 2,
        failure: null,
        scheduled_at: new Date(198_000).toISOString(),
        finished_at: new Date(199_000).toISOString(),
      },
      {
        kind: 'activity',
        activity_type: 'recordOutcome',
        activity_id: '3',
        status: 'failed',
        attempts: 1,
        failure: 'down',
        scheduled_at: new Date(210_000).toISOString(),
        finished_at: new Date(210_000).toISOString(),
      },
    ]);
  });

  it("keeps one definition run's steps of a lead event's history: by the summary its commands carry", () => {
    // What the SDK writes: JSON payloads, the summary in the event's user metadata, the key first in cancelRun.
    const json = (value: unknown) => ({
      metadata: { encoding: Buffer.from('json/plain') },
      data: Buffer.from(JSON.stringify(value)),
    });
    const marker = (eventId: number, owner: string, type: string) => ({
      eventId,
      userMetadata: { summary: json(owner) },
      markerRecordedEventAttributes: {
        markerName: 'core_local_activity',
        details: {
          data: { payloads: [json({ activity_id: String(eventId), activity_type: type, attempt: 1 })] },
        },
      },
    });
    const events = [
      marker(5, 'q-1', 'loadProgram'),
      marker(6, 'q-2', 'loadProgram'),
      {
        eventId: 7,
        userMetadata: { summary: json('q-2') },
        timerStartedEventAttributes: { timerId: '1', startToFireTimeout: { seconds: 60 } },
      },
      marker(8, 'q-1', 'runAction'),
      {
        eventId: 9,
        workflowExecutionSignaledEventAttributes: {
          signalName: 'cancelRun',
          input: { payloads: [json('q-2')] },
        },
      },
      { eventId: 10, timerCanceledEventAttributes: { startedEventId: 7 } },
      marker(11, 'q-2', 'recordOutcome'),
    ] as unknown as Parameters<typeof timelineOf>[0];
    const kinds = (owner?: string) =>
      timelineOf(events, owner).map((entry) =>
        entry.kind === 'activity'
          ? entry.activity_type
          : entry.kind === 'timer'
            ? `timer ${entry.status}`
            : entry.name,
      );
    expect(kinds('q-1')).toEqual(['loadProgram', 'runAction']);
    expect(kinds('q-2')).toEqual(['loadProgram', 'timer cancelled', 'cancelRun', 'recordOutcome']);
    expect(kinds('q-3')).toEqual([]);
    expect(kinds()).toHaveLength(6);
  });
});
