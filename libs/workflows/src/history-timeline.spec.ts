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
});
