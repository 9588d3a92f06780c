import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from './post-form';

describe('a form POST to a token endpoint', () => {
  let server: Server;
  let origin: string;
  const seen: Array<{ headers: Record<string, unknown>; body: string }> = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (request.url === '/moved') return void response.writeHead(302, { location: '/token' }).end();
        if (request.url === '/silent') return;
        response.writeHead(request.url === '/token' ? 200 : 404, { 'content-type': 'application/json' }).end('{"access_token":"é"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the form with its headers and length, and gives back any status with the body as UTF-8', async () => {
    const headers = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    expect(await postForm(new URL(`${origin}/token`), headers, 'grant_type=client_credentials&scope=a+b', {}, 5_000)).toEqual({ ok: true, status: 200, text: '{"access_token":"é"}' });
    expect(seen.at(-1)).toMatchObject({ headers: { ...headers, 'content-length': '39' }, body: 'grant_type=client_credentials&scope=a+b' });
    expect(await postForm(new URL(`${origin}/elsewhere`), {}, '', {}, 5_000)).toMatchObject({ ok: true, status: 404 });
  });

  it('follows no redirect, and gives up on an endpoint that does not answer', async () => {
    expect(await postForm(new URL(`${origin}/moved`), {}, 'a=1', {}, 5_000)).toEqual({ ok: false, reason: 'unexpected redirect' });
    expect(await postForm(new URL(`${origin}/silent`), {}, 'a=1', {}, 200)).toEqual({ ok: false, reason: 'no answer within 0.2 s' });
  });
});
