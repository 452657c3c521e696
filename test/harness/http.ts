import type { INestApplication } from '@nestjs/common';

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies of many shapes
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
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** Polls an execution through the API until it is no longer running (or 45 s pass) and returns it. */
export async function waitForExecution(
  base: string,
  headers: Record<string, string>,
  executionId: number,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const execution = (
      await callApi(base, 'GET', `/api/lead-qualification/workflow-executions/${executionId}/`, headers)
    ).body as Record<string, unknown>;
    if (execution.status !== 'running' || Date.now() > deadline) return execution;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
