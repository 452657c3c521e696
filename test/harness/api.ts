// The API under test, as the e2e tests start it: the app on a free loopback port and a fresh user per role.
// Not exported from the harness index, so that unit tests importing the harness do not load Nest modules.
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Config } from '@leadflow/config';
import { createApp } from '../../apps/api/src/create-app';
import { loginAs, type TestRole } from './auth';
import { createTestContext } from './context';
import { callApi, listenOnLoopback, type Reply } from './http';

/** The app, its base URL (`http://127.0.0.1:<port>`), then request headers of a fresh user per role asked for. */
export type ApiUnderTest<Roles extends readonly TestRole[]> = [
  app: NestExpressApplication,
  base: string,
  ...users: { [Index in keyof Roles]: Record<string, string> },
];

/**
 * Starts the API with `config` and logs in a fresh user of each of `roles`, one after another in the order
 * given, so user ids follow that order (tests that name users by id rely on it). The caller closes the app.
 */
export async function startApi<const Roles extends readonly TestRole[]>(
  config: Config,
  ...roles: Roles
): Promise<ApiUnderTest<Roles>> {
  const app = await createApp(config);
  const base = await listenOnLoopback(app);
  const users: Record<string, string>[] = [];
  for (const role of roles) users.push(await loginAs(base, role));
  // One user per role, in order: the array has the tuple's length, which TypeScript cannot follow through push.
  return [app, base, ...users] as unknown as ApiUnderTest<Roles>;
}

/** What an API test file works with as an editor and a viewer; filled in by the hooks `useEditorViewerApi` registers. */
export interface EditorViewerApi {
  app: NestExpressApplication;
  base: string;
  editor: Record<string, string>;
  viewer: Record<string, string>;
  /** a request as the editor unless other headers are given */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

/**
 * Registers the hooks of a test file that drives the API as an editor and reads it as a viewer: the API on
 * the file's own database with a fresh user of each role, then `prepare` (its data, through `call`), before
 * all tests; closed after them.
 */
export function useEditorViewerApi(
  prepare?: (api: EditorViewerApi) => Promise<void>,
  timeout = 60_000,
): EditorViewerApi {
  const api = {
    call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      callApi(api.base, method, path, headers ?? api.editor, body),
  } as EditorViewerApi;
  beforeAll(async () => {
    [api.app, api.base, api.editor, api.viewer] = await startApi(
      createTestContext().config,
      'editor',
      'viewer',
    );
    await prepare?.(api);
  }, timeout);
  afterAll(async () => {
    // unset when beforeAll failed before starting it
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    await api.app?.close();
  });
  return api;
}
