/**
 * A small OAuth 2.0 token endpoint for tests (client credentials grant, RFC 6749 §4.4), on 127.0.0.1 with a
 * port of its own: it takes the client's id and secret by HTTP Basic or in the form, and answers a numbered
 * token (`token-1`, `token-2`, …) with `expires_in`, or RFC 6749 §5.2's error for a client it does not know.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequestSeen {
  clientId?: string;
  /** How the client sent its credentials. */
  via: 'basic' | 'body' | 'none';
  form: Record<string, string>;
}

export interface OAuth2Server {
  /** `http://127.0.0.1:<port>/token`. */
  tokenUrl: string;
  /** Every token request, in order. */
  seen: TokenRequestSeen[];
  /** What the next answers carry (`expires_in`; leave out `access_token` to test a broken endpoint). */
  answer: { expiresIn?: number; withoutToken?: boolean };
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The credentials a request carries, decoded as RFC 6749 §2.3.1 encodes them. */
function credentialsOf(request: IncomingMessage, form: Record<string, string>): { id?: string; secret?: string; via: TokenRequestSeen['via'] } {
  const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '');
  if (basic) {
    const [id = '', secret = ''] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
    const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    return { id: decode(id), secret: decode(secret), via: 'basic' };
  }
  if (form.client_id !== undefined) return { id: form.client_id, ...(form.client_secret !== undefined && { secret: form.client_secret }), via: 'body' };
  return { via: 'none' };
}

export async function startOAuth2Server(clients: Record<string, string>): Promise<OAuth2Server> {
  const seen: TokenRequestSeen[] = [];
  const answer: OAuth2Server['answer'] = { expiresIn: 3600 };
  const server = createServer((request, response) => {
    void bodyOf(request).then((text) => {
      const form = Object.fromEntries(new URLSearchParams(text));
      const { id, secret, via } = credentialsOf(request, form);
      seen.push({ ...(id !== undefined && { clientId: id }), via, form });
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.method !== 'POST' || request.url !== '/token') return reply(404, { error: 'not_found' });
      if (form.grant_type !== 'client_credentials') return reply(400, { error: 'unsupported_grant_type' });
      if (id === undefined || clients[id] === undefined || clients[id] !== secret) return reply(401, { error: 'invalid_client', error_description: 'unknown client or wrong secret' });
      reply(200, { ...(!answer.withoutToken && { access_token: `token-${seen.length}` }), token_type: 'Bearer', ...(answer.expiresIn !== undefined && { expires_in: answer.expiresIn }) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    tokenUrl: `http://127.0.0.1:${port}/token`,
    seen,
    answer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
