/**
 * Requests to an OAuth 2.0 token endpoint (RFC 6749 §3.2), one place for every grant: the client
 * credentials grant (§4.4), the password grant (§4.3), an authorization code exchange (§4.1.3, with PKCE's
 * verifier), a refresh (§6), and the device grant's request for codes (RFC 8628 §3.1, at the device
 * authorization endpoint) and its polls (§3.4). Each is a form POST with the client's authentication, to an
 * endpoint trusted as the grant's `caCertPath` and `insecureSkipVerify` say, through the proxy its `proxy` (or
 * the environment) names; the answer is a token (or the device codes) or what the endpoint said.
 */
import { fail, type FerryError, FerryFailure, ferryError } from '../../../shared/errors';
import type { OAuth2Grant } from '../../../shared/model';
import { endpointProxy } from './oauth2-endpoint-proxy';
import { certificateAdvice, endpointTls } from './oauth2-endpoint-tls';
import { postForm } from './post-form';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface TokenAnswer {
  token: string;
  expiresInS?: number;
  /** RFC 6749 §6: a token to renew with; kept in memory only, like the access token. */
  refreshToken?: string;
}

/**
 * An answer that was not a token: the endpoint's HTTP status (a refresh refused with a 4xx is dropped) and
 * RFC 6749 §5.2's `error` code, when it said one (a device grant's poll goes on while it is `authorization_pending`).
 */
export type TokenReply = { ok: true; answer: TokenAnswer } | { ok: false; status: number; error: FerryError; code?: string };

/** RFC 8628 §3.2: what the device authorization endpoint answers. */
export interface DeviceCodes {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresInS?: number;
  intervalS?: number;
}

/** The grant's URL fields, each with what it is in errors. */
const ENDPOINTS = { tokenUrl: 'the token endpoint', authUrl: 'the authorization endpoint', deviceAuthUrl: 'the device authorization endpoint' } as const;
type EndpointKey = keyof typeof ENDPOINTS;

export const tokenWhat = (name: string): string => `OAuth 2.0 token {{${name}}}`;

/**
 * The client credentials grant, or the password grant with the user's name and password; asked once, keeping
 * nothing (`tryToken` and the token source both use it).
 */
export async function requestToken(name: string, fields: OAuth2Grant, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<TokenAnswer> {
  const form = new URLSearchParams(fields.grant === 'password' ? { grant_type: 'password', username: fields.username ?? '', password: fields.password ?? '' } : { grant_type: 'client_credentials' });
  if (fields.scope) form.set('scope', fields.scope);
  if (fields.audience) form.set('audience', fields.audience);
  return answerOf(await postTokenForm(name, fields, form, timeoutMs));
}

/** Asks the device authorization endpoint for a device grant's codes (RFC 8628 §3.1). */
export async function requestDeviceCodes(name: string, fields: OAuth2Grant, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<DeviceCodes> {
  const form = new URLSearchParams();
  if (fields.scope) form.set('scope', fields.scope);
  if (fields.audience) form.set('audience', fields.audience);
  const reply = await postEndpointForm(name, fields, 'deviceAuthUrl', form, timeoutMs);
  if (!reply.ok) throw new FerryFailure(reply.error);
  return deviceCodesOf(reply.text, tokenWhat(name));
}

/** One poll for a device grant's token (RFC 8628 §3.4); a refusal comes back as a value, its `code` saying whether to poll on. */
export async function pollDeviceToken(name: string, fields: OAuth2Grant, deviceCode: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<TokenReply> {
  return postTokenForm(name, fields, new URLSearchParams({ grant_type: DEVICE_CODE_GRANT, device_code: deviceCode }), timeoutMs);
}

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Exchanges a sign-in's authorization code (RFC 6749 §4.1.3) with PKCE's verifier (RFC 7636 §4.5). */
export async function exchangeCode(name: string, fields: OAuth2Grant, exchange: { code: string; redirectUri: string; verifier: string }, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<TokenAnswer> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: exchange.code, redirect_uri: exchange.redirectUri, code_verifier: exchange.verifier });
  return answerOf(await postTokenForm(name, fields, form, timeoutMs));
}

/** Renews with a refresh token (RFC 6749 §6); a refusal comes back as a value, so the caller can fall back. */
export function refreshToken(name: string, fields: OAuth2Grant, refresh: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<TokenReply> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh });
  if (fields.scope) form.set('scope', fields.scope);
  return postTokenForm(name, fields, form, timeoutMs);
}

function answerOf(reply: TokenReply): TokenAnswer {
  if (!reply.ok) throw new FerryFailure(reply.error);
  return reply.answer;
}

/** The grant's URL field `key` (tokenUrl, authUrl, deviceAuthUrl) as an http(s) URL, or BAD_INPUT naming it. */
export function endpointUrl(name: string, key: EndpointKey, text: string): URL {
  const expected = `https://… (${ENDPOINTS[key]})`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('BAD_INPUT', `${tokenWhat(name)}: ${key} ${JSON.stringify(text)} is not a URL`, { fieldPath: key, expected });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('BAD_INPUT', `${tokenWhat(name)}: ${key} ${JSON.stringify(text)} is not an http(s) URL`, { fieldPath: key, expected });
  return url;
}

/** `application/x-www-form-urlencoded` encoding, which RFC 6749 §2.3.1 asks of the id and secret in HTTP Basic. */
const formEncoded = (text: string): string => new URLSearchParams([['', text]]).toString().slice(1);

/**
 * RFC 6749 §2.3.1: HTTP Basic (the default) or the form. A sign-in's, a password grant's or a device's client
 * without a secret is a public client (RFC 8252 §8.4, RFC 6749 §4.3.2, RFC 8628 §3.1): it only names itself in the form.
 */
function authenticate(fields: OAuth2Grant, form: URLSearchParams, headers: Record<string, string>): void {
  const isPublic = (fields.grant ?? 'client_credentials') !== 'client_credentials' && !fields.clientSecret;
  if (!isPublic && (fields.credentials ?? 'basic') === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${formEncoded(fields.clientId)}:${formEncoded(fields.clientSecret ?? '')}`).toString('base64')}`;
    return;
  }
  form.set('client_id', fields.clientId);
  if (!isPublic && fields.clientSecret !== undefined) form.set('client_secret', fields.clientSecret);
}

async function postTokenForm(name: string, fields: OAuth2Grant, form: URLSearchParams, timeoutMs: number): Promise<TokenReply> {
  const reply = await postEndpointForm(name, fields, 'tokenUrl', form, timeoutMs);
  return reply.ok ? { ok: true, answer: tokenFromAnswer(reply.text, tokenWhat(name)) } : reply;
}

/** The form POSTed to the grant's endpoint `key`: its answer's text when 2xx, else what the endpoint said. */
async function postEndpointForm(name: string, fields: OAuth2Grant, key: EndpointKey, form: URLSearchParams, timeoutMs: number): Promise<{ ok: true; text: string } | Extract<TokenReply, { ok: false }>> {
  const what = tokenWhat(name);
  const url = endpointUrl(name, key, fields[key] ?? '');
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  authenticate(fields, form, headers);
  const endpoint = `${ENDPOINTS[key]} ${url.origin}${url.pathname}`;
  const proxy = endpointProxy(what, fields, url);
  const tls = url.protocol === 'https:' ? await endpointTls(what, fields) : {};
  const posted = await postForm(url, headers, form.toString(), tls, timeoutMs, proxy);
  if (!posted.ok && posted.certificate) return fail('TLS_ERROR', `${what}: ${endpoint} failed the certificate check (${posted.reason}): ${certificateAdvice(fields)}`);
  if (!posted.ok) return fail('CONNECTION_FAILED', `${what}: cannot reach ${endpoint}: ${posted.reason}`);
  if (posted.status >= 200 && posted.status <= 299) return { ok: true, text: posted.text };
  const said = endpointError(posted.text);
  const error = ferryError('UNAUTHENTICATED', `${what}: ${endpoint} answered ${posted.status}${withoutPassword(said.text, fields.password)}`);
  return { ok: false, status: posted.status, error, ...(said.code !== undefined && { code: said.code }) };
}

/** RFC 6749 §5.2's `error` and `error_description`, when the answer carries them: the code, and the words for a message. */
function endpointError(text: string): { code?: string; text: string } {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') return { code: body.error, text: `: ${body.error}${typeof body.error_description === 'string' ? ` (${body.error_description})` : ''}` };
  } catch {
    // Not JSON: say nothing of it (it may be a whole HTML page).
  }
  return { text: '' };
}

/** An endpoint may quote the password it refused: the error goes to history, logs and `ferry run`'s output. */
const withoutPassword = (text: string, password: string | undefined): string => (password ? text.split(password).join('***') : text);

function tokenFromAnswer(text: string, what: string): TokenAnswer {
  let body: { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return fail('UNAUTHENTICATED', `${what}: the token endpoint's answer is not JSON`);
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') return fail('UNAUTHENTICATED', `${what}: the token endpoint answered without an access_token`);
  const expiresIn = typeof body.expires_in === 'string' ? Number(body.expires_in) : body.expires_in;
  return {
    token: body.access_token,
    ...(typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= 0 && { expiresInS: expiresIn }),
    ...(typeof body.refresh_token === 'string' && body.refresh_token !== '' && { refreshToken: body.refresh_token }),
  };
}

/**
 * RFC 8628 §3.2's answer. The page to open must be http(s): a front end opens it in a browser tab. Google's
 * endpoint says `verification_url`, as the drafts before the RFC did.
 */
function deviceCodesOf(text: string, what: string): DeviceCodes {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return fail('UNAUTHENTICATED', `${what}: the device authorization endpoint's answer is not JSON`);
  }
  const words = (key: string) => (typeof body[key] === 'string' && body[key] !== '' ? (body[key] as string) : undefined);
  const seconds = (key: string) => (typeof body[key] === 'number' && Number.isFinite(body[key]) && (body[key] as number) >= 0 ? (body[key] as number) : undefined);
  const codes = { deviceCode: words('device_code'), userCode: words('user_code'), verificationUri: words('verification_uri') ?? words('verification_url') };
  const missing = Object.entries({ device_code: codes.deviceCode, user_code: codes.userCode, verification_uri: codes.verificationUri }).filter(([, value]) => value === undefined);
  if (missing.length > 0) fail('UNAUTHENTICATED', `${what}: the device authorization endpoint answered without ${missing.map(([key]) => key).join(', ')}`);
  const complete = words('verification_uri_complete');
  for (const page of [codes.verificationUri!, complete]) {
    if (page !== undefined && !/^https?:\/\//i.test(page)) fail('UNAUTHENTICATED', `${what}: the device authorization endpoint's verification page ${JSON.stringify(page)} is not an http(s) URL`);
  }
  const expiresInS = seconds('expires_in');
  const intervalS = seconds('interval');
  return {
    deviceCode: codes.deviceCode!,
    userCode: codes.userCode!,
    verificationUri: codes.verificationUri!,
    ...(complete !== undefined && { verificationUriComplete: complete }),
    ...(expiresInS !== undefined && { expiresInS }),
    ...(intervalS !== undefined && { intervalS }),
  };
}
