import { Types } from 'mongoose';
import { type FreeRun, FreeRunsReadAhead } from './free-runs-read-ahead';

const run = (key: string): FreeRun => ({ _id: new Types.ObjectId(), temporal_workflow_id: key });

describe('FreeRunsReadAhead', () => {
  /** A backlog that answers each read with what it holds then, and counts the reads. */
  function backlog(...keys: string[]) {
    const state = { keys, reads: 0 };
    const readAhead = new FreeRunsReadAhead(() => {
      state.reads += 1;
      return Promise.resolve(state.keys.map(run));
    });
    const take = async (count: number) =>
      (await readAhead.take(count)).map((taken) => taken.temporal_workflow_id);
    return { state, readAhead, take };
  }

  it('reads the backlog once for the claims that hand it out, in its order', async () => {
    const { state, take } = backlog('a', 'b', 'c', 'd', 'e');
    expect(await take(2)).toEqual(['a', 'b']);
    expect(await take(2)).toEqual(['c', 'd']);
    expect(await take(2)).toEqual(['e']);
    expect(state.reads).toBe(1);
  });

  it('reads again once all is handed out, finding runs recorded since', async () => {
    const { state, take } = backlog('a');
    expect(await take(5)).toEqual(['a']);
    state.keys = ['b', 'c'];
    expect(await take(5)).toEqual(['b', 'c']);
    expect(state.reads).toBe(2);
  });

  it('forgets the rest of a read that proved stale', async () => {
    const { state, readAhead, take } = backlog('a', 'b', 'c');
    expect(await take(1)).toEqual(['a']);
    state.keys = ['c', 'd'];
    readAhead.stale();
    expect(await take(5)).toEqual(['c', 'd']);
  });

  it('never hands out runs forgotten as claimed with another, and reads no more for them', async () => {
    const { state, readAhead, take } = backlog('a1', 'a2', 'b1', 'b2', 'c1');
    expect(await take(1)).toEqual(['a1']);
    readAhead.forget(new Set(['a1', 'a2']));
    expect(await take(2)).toEqual(['b1', 'b2']);
    readAhead.forget(new Set(['b1', 'b2']));
    expect(await take(2)).toEqual(['c1']);
    expect(state.reads).toBe(1);
  });

  it('takes nothing, and reads nothing, when asked for none', async () => {
    const { state, take } = backlog('a');
    expect(await take(0)).toEqual([]);
    expect(state.reads).toBe(0);
  });
});
