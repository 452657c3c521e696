import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedFetch, type OutboundPolicy } from '@leadflow/outbound';

/** A receiver that redirects with each status to /echo, which answers with the method and body it got. */
function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const redirect = /^\/redirect\/(\d{3})$/.exec(request.url ?? '');
    if (redirect?.[1]) {
      response.writeHead(Number(redirect[1]), { location: '/echo' }).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ method: request.method, body: Buffer.concat(chunks).toString('utf8') }));
  });
}

/**
 * Redirects keep the request as it was or are not followed: a POST meets 307/308 again at the new place with
 * its body, and a 301/302/303 is the answer (a webhook counts it as a failed delivery) instead of a GET
 * without the body. A GET follows every redirect, as enrichment sources need.
 */
describe('guardedFetch and redirects', () => {
  let server: Server;
  let base: string;
  let policy: OutboundPolicy;

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}`;
    policy = { allowPrivateHosts: [`127.0.0.1:${port}`] };
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (status: number) =>
    guardedFetch(`${base}/redirect/${status}`, { method: 'POST', body: '{"lead":1}' }, policy);

  it.each([307, 308])('follows %i after a POST with the same method and body', async (status) => {
    const response = await post(status);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString('utf8'))).toEqual({ method: 'POST', body: '{"lead":1}' });
  });

  it.each([301, 302, 303])('answers %i after a POST as it is, with its location', async (status) => {
    const response = await post(status);
    expect(response.status).toBe(status);
    expect(response.headers.location).toBe('/echo');
  });

  it('follows a 302 after a GET', async () => {
    const response = await guardedFetch(`${base}/redirect/302`, { method: 'GET' }, policy);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString('utf8'))).toMatchObject({ method: 'GET' });
  });
});
