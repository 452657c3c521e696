import { Context } from '@temporalio/activity';

/**
 * Temporal's attempt number of the activity running now (1 for the first). Outside an activity (a test
 * calling the function directly) there are no retries, so it is the first attempt.
 */
export function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}
