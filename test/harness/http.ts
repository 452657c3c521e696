import type { INestApplication } from '@nestjs/common';
import { until } from './until';

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies of many shapes
}

/** A Reply with its response headers, for the tests that read one (kept apart: many tests compare Replies whole). */
export interface ReplyWithHeaders extends Reply {
  headers: Headers;
}

/** Listens on a free loopback port and returns the base URL. */
export async function listenOnLoopback(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

/** A JSON request against the API under test; the reply's body parsed when there is one. */
export async function callApi(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Reply> {
  const { status, body: parsed } = await callApiWithHeaders(base, method, path, headers, body);
  return { status, body: parsed };
}

/** callApi, with the response headers too. */
export async function callApiWithHeaders(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<ReplyWithHeaders> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : null,
    headers: response.headers,
  };
}

/** Polls an execution through the API until it has ended (neither pending nor running) (45 s at most) and returns it. */
export async function waitForExecution(
  base: string,
  headers: Record<string, string>,
  executionId: number,
): Promise<Record<string, unknown>> {
  return until(
    async () =>
      (await callApi(base, 'GET', `/api/lead-qualification/workflow-executions/${executionId}/`, headers))
        .body as Record<string, unknown>,
    (execution) => execution.status !== 'running' && execution.status !== 'pending',
    { what: `workflow execution ${executionId} to end`, timeoutMs: 45_000, intervalMs: 200 },
  );
}
