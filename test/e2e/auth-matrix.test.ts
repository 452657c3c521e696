import type { INestApplication } from '@nestjs/common';
import { connectMongo } from '@leadflow/persistence';
import { callApi, createTestContext, loginAs, type TestRole } from '@leadflow/test-harness';
import { startApi } from '../harness/api';

const ROLES: readonly TestRole[] = ['viewer', 'editor', 'admin'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The role rules of the guide and the issue, written independently of the code that enforces them. */
const PUBLIC = new Set(['GET /api/health', 'POST /api/auth/token']);
const ADMIN_ONLY = [/^\/api\/users\b/, /^\/api\/api-keys\b/, /^\/api\/jobs\b/];
/** Marking a notification read is the reader's own business, whatever their role. */
const ANY_ROLE_WRITES = new Set(['POST /api/notifications/{id}/read']);

interface Operation {
  method: string;
  path: string;
  /** the path with every parameter filled in */
  url: string;
  /** what the document says about credentials: the alternatives it accepts, and whether it lists a 401 */
  security: Record<string, unknown>[];
  documents401: boolean;
}

function neededRole(operation: Operation): TestRole {
  const key = `${operation.method} ${operation.path}`;
  if (ADMIN_ONLY.some((pattern) => pattern.test(operation.path))) return 'admin';
  if (operation.method === 'GET' || ANY_ROLE_WRITES.has(key)) return 'viewer';
  return 'editor';
}

/** Integer ids that exist nowhere (404 once authorized) and plain words for named parameters. */
function fillParameters(path: string): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) =>
    /id$|version$/.test(name) ? '987654' : 'unknown',
  );
}

/**
 * Every operation of the Swagger document (so a new endpoint is covered the day it is added): 401 without
 * credentials, 403 exactly for the roles below what it needs, and an API key of a role answered as a bearer
 * token of that role is. Bodies are `{}`: authorization is decided before validation, so a 400 or 404 means
 * "let through".
 */
describe('auth matrix over every documented endpoint', () => {
  const { config } = createTestContext();
  let app: INestApplication;
  let base: string;
  let operations: Operation[];
  const bearer: Partial<Record<TestRole, Record<string, string>>> = {};
  const apiKey: Partial<Record<TestRole, Record<string, string>>> = {};

  /** Status only; the body is dropped unread, since the notification stream never ends. */
  async function statusOf(operation: Operation, headers: Record<string, string>): Promise<number> {
    const response = await fetch(`${base}${operation.url}`, {
      method: operation.method,
      headers: { 'content-type': 'application/json', ...headers },
      body: operation.method === 'GET' || operation.method === 'DELETE' ? undefined : '{}',
    });
    await response.body?.cancel();
    return response.status;
  }

  beforeAll(async () => {
    [app, base] = await startApi(config);
    const document = (await (await fetch(`${base}/api/docs-json`)).json()) as {
      paths: Record<
        string,
        Partial<
          Record<
            (typeof METHODS)[number],
            { security?: Record<string, unknown>[]; responses: Record<string, unknown> }
          >
        >
      >;
    };
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const documented = item[method];
        if (!documented) return [];
        return [
          {
            method: method.toUpperCase(),
            path,
            url: fillParameters(path),
            security: documented.security ?? [],
            documents401: '401' in documented.responses,
          },
        ];
      }),
    );
    for (const role of ROLES) bearer[role] = await loginAs(base, role);
    for (const role of ROLES) {
      const created = await callApi(base, 'POST', '/api/api-keys/', bearer.admin!, {
        name: `matrix ${role}`,
        role,
      });
      apiKey[role] = { 'x-api-key': created.body.key as string };
    }
  });

  afterAll(async () => {
    await app.close();
    const db = await connectMongo(config);
    await db.dropDatabase();
    await db.close();
  });

  it('reads the operations from the Swagger document', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'POST', path: '/api/lead-qualification/lead-scores/calculate' }),
        expect.objectContaining({ method: 'DELETE', path: '/api/users/{id}' }),
      ]),
    );
  });

  it('documents a bearer token or an API key, and the 401, on every non-public operation and on no public one', () => {
    const wrong = operations.filter((operation) => {
      const isPublic = PUBLIC.has(`${operation.method} ${operation.path}`);
      const schemes = operation.security.flatMap((alternative) => Object.keys(alternative));
      const documented = schemes.includes('bearer') && schemes.includes('api-key') && operation.documents401;
      return isPublic ? schemes.length > 0 : !documented;
    });
    expect(wrong.map((operation) => `${operation.method} ${operation.path}`)).toEqual([]);
  });

  it('answers 401 to every non-public operation without credentials or with a bad token', async () => {
    const wrong: string[] = [];
    for (const operation of operations) {
      if (PUBLIC.has(`${operation.method} ${operation.path}`)) continue;
      const none = await statusOf(operation, {});
      const bad = await statusOf(operation, { authorization: 'Bearer not.a.token' });
      if (none !== 401 || bad !== 401) wrong.push(`${operation.method} ${operation.path}: ${none}, ${bad}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets each role through exactly where its rank reaches, with a bearer token and with an API key alike', async () => {
    const wrong: string[] = [];
    // admin last: its writes (with empty bodies) are refused or find nothing, but run after the others anyway
    for (const role of ROLES) {
      for (const operation of operations) {
        if (PUBLIC.has(`${operation.method} ${operation.path}`)) continue;
        const allowed = ROLES.indexOf(role) >= ROLES.indexOf(neededRole(operation));
        for (const [via, headers] of [
          ['token', bearer[role]!],
          ['api key', apiKey[role]!],
        ] as const) {
          const status = await statusOf(operation, headers);
          const ok = allowed ? status !== 401 && status !== 403 && status < 500 : status === 403;
          if (!ok) {
            wrong.push(
              `${role} (${via}) ${operation.method} ${operation.path}: ${status}, expected ${allowed ? 'through' : 403}`,
            );
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
