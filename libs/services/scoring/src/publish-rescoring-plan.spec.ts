import {
  planPublishRescoring,
  publishRunId,
  publishRunNumber,
  publishRunState,
} from './publish-rescoring-plan';

describe('planPublishRescoring', () => {
  it('starts run 1, not held, when there has never been one', () => {
    expect(planPublishRescoring(0, 'done')).toEqual({ kind: 'start', run: 1, held: false });
  });

  it('joins a run that has not yet read the rule set', () => {
    expect(planPublishRescoring(4, 'waiting')).toEqual({ kind: 'join', run: 4 });
  });

  it('starts a held follow-up while the latest run is scoring', () => {
    expect(planPublishRescoring(4, 'running')).toEqual({ kind: 'start', run: 5, held: true });
  });

  it('starts the next run at once when the latest is over', () => {
    expect(planPublishRescoring(4, 'done')).toEqual({ kind: 'start', run: 5, held: false });
  });

  it('ten publishes during one run add one follow-up, which the rest join', () => {
    let latest = 1;
    let state: 'waiting' | 'running' | 'done' = 'running';
    const runs = new Set<number>([latest]);
    for (let save = 0; save < 10; save += 1) {
      const step = planPublishRescoring(latest, state);
      runs.add(step.run);
      if (step.kind === 'start') {
        latest = step.run;
        state = 'waiting';
      }
    }
    expect([...runs]).toEqual([1, 2]);
  });
});

describe('publishRunState', () => {
  it.each([
    ['waiting', 'waiting'],
    ['delayed', 'waiting'],
    ['paused', 'waiting'],
    ['active', 'running'],
    ['completed', 'done'],
    ['failed', 'done'],
    [null, 'done'],
  ])('%s is %s', (bulk, state) => {
    expect(publishRunState(bulk)).toBe(state);
  });
});

describe('publish run ids', () => {
  it('round-trips a run number and ignores other bulk runs', () => {
    expect(publishRunNumber(publishRunId(12))).toBe(12);
    expect(publishRunNumber('3b2f6c1e-0000-4000-8000-000000000000')).toBeNull();
    expect(publishRunNumber('publish-rescoring-x')).toBeNull();
    expect(publishRunNumber('publish-rescoring-1e3')).toBeNull();
    expect(publishRunNumber('publish-rescoring-07')).toBeNull();
  });
});
