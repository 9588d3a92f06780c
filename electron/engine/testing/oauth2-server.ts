/**
 * A small OAuth 2.0 authorization server for tests, on 127.0.0.1 with a port of its own:
 * - `POST /token`: the client credentials grant (RFC 6749 §4.4), the password grant (§4.3, for the users it
 *   was given; a wrong password is `invalid_grant`), the authorization code grant with PKCE
 *   (§4.1.3, RFC 7636 S256: the verifier checked against the challenge, the redirect URI against the one the
 *   code was given for, each code used once), and refresh (§6, rotating the refresh token). It takes the
 *   client's id and secret by HTTP Basic or in the form (a public client: its id in the form, no secret), and
 *   answers a numbered token (`token-1`, `token-2`, …) with `expires_in`, or RFC 6749 §5.2's error.
 * - `GET /authorize`: approves at once, redirecting to `redirect_uri` with a code and the state; or with
 *   `error=access_denied` when told to.
 * - `POST /device`, `GET /device` and the token endpoint's device grant (RFC 8628): `oauth2-device-server.ts`.
 * Over HTTP, or HTTPS with the certificate it is given (an identity provider behind a company's CA).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createDeviceAuthority, DEVICE_GRANT, type DeviceAnswers, type DeviceAuthorization, type Refusal } from './oauth2-device-server';

export interface TokenRequestSeen {
  clientId?: string;
  /** How the client sent its credentials. */
  via: 'basic' | 'body' | 'none';
  form: Record<string, string>;
}

export interface OAuth2Server {
  /** `http://127.0.0.1:<port>/token` (`https:` with `tls`). */
  tokenUrl: string;
  /** `http://127.0.0.1:<port>/authorize` (`https:` with `tls`). */
  authUrl: string;
  /** `http://127.0.0.1:<port>/device`: the device authorization endpoint (POST) and its verification page (GET). */
  deviceAuthUrl: string;
  /** Every token request, in order. */
  seen: TokenRequestSeen[];
  /**
   * What the next answers carry: `expires_in`; no `access_token` (a broken endpoint); a refresh token for the
   * client credentials grant too (a code's or a password's token always has one); refused refreshes; a refused
   * sign-in; a refused password quoted in the error's description (a careless endpoint).
   */
  answer: { expiresIn?: number; withoutToken?: boolean; refreshTokens?: boolean; refuseRefresh?: boolean; denySignIn?: boolean; quotePassword?: boolean };
  /** What the next device authorizations answer (default: `expires_in` 600, no `interval`). */
  device: DeviceAnswers;
  /** Every device authorization given, in order: its user code, its polls. */
  devices: DeviceAuthorization[];
  /** The person entered the code on the verification page and approved: the next poll gets the token. */
  approveDevice(userCode: string): void;
  /** The person said no: the next poll is answered `access_denied`. */
  denyDevice(userCode: string): void;
  close(): Promise<void>;
}

export interface OAuth2ServerOptions {
  /** Client ids that sign in without a secret (RFC 8252 §8.4). */
  publicClients?: readonly string[];
  /** The password grant's users: name → password. */
  users?: Readonly<Record<string, string>>;
  /** Serve HTTPS with this certificate (PEM; `cert` may carry its chain after it) and key. */
  tls?: { cert: Buffer; key: Buffer };
}

interface Issued {
  clientId: string;
  redirectUri: string;
  challenge: string;
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

const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export async function startOAuth2Server(clients: Record<string, string>, options: OAuth2ServerOptions = {}): Promise<OAuth2Server> {
  const seen: TokenRequestSeen[] = [];
  const answer: OAuth2Server['answer'] = { expiresIn: 3600 };
  const codes = new Map<string, Issued>();
  /** Live refresh tokens → their client. */
  const refreshes = new Map<string, string>();
  const deviceAnswers: DeviceAnswers = { expiresIn: 600 };
  const devices = createDeviceAuthority(deviceAnswers);

  function authorize(url: URL, response: ServerResponse): void {
    const query = url.searchParams;
    const back = new URL(query.get('redirect_uri') ?? '');
    if (answer.denySignIn) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'the user said no');
    } else {
      const code = `code-${randomBytes(8).toString('hex')}`;
      codes.set(code, { clientId: query.get('client_id') ?? '', redirectUri: query.get('redirect_uri') ?? '', challenge: query.get('code_challenge') ?? '' });
      back.searchParams.set('code', code);
    }
    back.searchParams.set('state', query.get('state') ?? '');
    response.writeHead(302, { location: back.toString() }).end();
  }

  /** The error of a token request that is refused, or undefined for one that gets a token. */
  function refusal(form: Record<string, string>, id: string): Refusal | undefined {
    if (form.grant_type === 'client_credentials') return undefined;
    if (form.grant_type === DEVICE_GRANT) return devices.poll(form, id);
    if (form.grant_type === 'password') {
      const user = form.username ?? '';
      if (options.users?.[user] === undefined || options.users[user] !== form.password) {
        return { status: 400, error: 'invalid_grant', error_description: answer.quotePassword ? `wrong password "${form.password}" for ${user}` : `wrong name or password for ${user}` };
      }
      return undefined;
    }
    if (form.grant_type === 'authorization_code') {
      const issued = codes.get(form.code ?? '');
      codes.delete(form.code ?? '');
      if (!issued || issued.clientId !== id || issued.redirectUri !== form.redirect_uri || issued.challenge !== s256(form.code_verifier ?? '')) return { status: 400, error: 'invalid_grant' };
      return undefined;
    }
    if (form.grant_type === 'refresh_token') {
      if (answer.refuseRefresh || refreshes.get(form.refresh_token ?? '') !== id) return { status: 400, error: 'invalid_grant' };
      refreshes.delete(form.refresh_token!);
      return undefined;
    }
    return { status: 400, error: 'unsupported_grant_type' };
  }

  /** The client a request authenticates as (or a public client's id), or undefined when it does not. */
  function clientOf(request: IncomingMessage, form: Record<string, string>): { id?: string; via: TokenRequestSeen['via']; known: boolean } {
    const { id, secret, via } = credentialsOf(request, form);
    const isPublic = id !== undefined && options.publicClients?.includes(id) && via === 'body' && secret === undefined;
    return { ...(id !== undefined && { id }), via, known: isPublic || (id !== undefined && clients[id] !== undefined && clients[id] === secret) };
  }

  const unknownClient = { error: 'invalid_client', error_description: 'unknown client or wrong secret' };

  function token(request: IncomingMessage, text: string, reply: (status: number, body: unknown) => void): void {
    const form = Object.fromEntries(new URLSearchParams(text));
    const { id, via, known } = clientOf(request, form);
    seen.push({ ...(id !== undefined && { clientId: id }), via, form });
    if (!known) return reply(401, unknownClient);
    const refused = refusal(form, id!);
    if (refused) {
      const { status, ...body } = refused;
      return reply(status, body);
    }
    const refresh = form.grant_type !== 'client_credentials' || answer.refreshTokens ? `refresh-${randomBytes(8).toString('hex')}` : undefined;
    if (refresh) refreshes.set(refresh, id!);
    reply(200, {
      ...(!answer.withoutToken && { access_token: `token-${seen.length}` }),
      token_type: 'Bearer',
      ...(answer.expiresIn !== undefined && { expires_in: answer.expiresIn }),
      ...(refresh && { refresh_token: refresh }),
    });
  }

  const listener: RequestListener = (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && url.pathname === '/authorize') return authorize(url, response);
    if (request.method === 'GET' && url.pathname === '/device') return devices.page(url, response);
    void bodyOf(request).then((text) => {
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.method === 'POST' && url.pathname === '/device') return deviceAuthorization(request, text, reply);
      if (request.method !== 'POST' || url.pathname !== '/token') return reply(404, { error: 'not_found' });
      token(request, text, reply);
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  function deviceAuthorization(request: IncomingMessage, text: string, reply: (status: number, body: unknown) => void): void {
    const form = Object.fromEntries(new URLSearchParams(text));
    const { id, known } = clientOf(request, form);
    if (!known) return reply(401, unknownClient);
    reply(200, devices.authorize(origin, id!, form));
  }

  return {
    tokenUrl: `${origin}/token`,
    authUrl: `${origin}/authorize`,
    deviceAuthUrl: `${origin}/device`,
    seen,
    answer,
    device: deviceAnswers,
    devices: devices.issued,
    approveDevice: devices.approve,
    denyDevice: devices.deny,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * What a browser does with a sign-in's address here: the authorization endpoint approves and redirects to
 * Ferry's listener, which answers its page. `callback` is where the redirect pointed (code and state in it).
 */
export async function browseSignIn(url: string, rewrite: (callback: URL) => URL = (callback) => callback): Promise<{ status: number; headers: Headers; page: string; callback: URL }> {
  const approval = await fetch(url, { redirect: 'manual' });
  const location = approval.headers.get('location');
  if (approval.status !== 302 || location === null) throw new Error(`the authorization endpoint answered ${approval.status}, not a redirect`);
  const callback = rewrite(new URL(location));
  const answer = await fetch(callback);
  return { status: answer.status, headers: answer.headers, page: await answer.text(), callback };
}
