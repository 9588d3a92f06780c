/**
 * Requests to an OAuth 2.0 token endpoint (RFC 6749 §3.2), one place for every grant: the client
 * credentials grant (§4.4), the password grant (§4.3), an authorization code exchange (§4.1.3, with PKCE's
 * verifier), and a refresh (§6). Each is a form POST with the client's authentication, to an endpoint trusted
 * as the grant's `caCertPath` and `insecureSkipVerify` say; the answer is a token or what the endpoint said.
 */
import { fail, type FerryError, FerryFailure, ferryError } from '../../../shared/errors';
import type { OAuth2Grant } from '../../../shared/model';
import { certificateAdvice, endpointTls } from './oauth2-endpoint-tls';
import { postForm } from './post-form';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface TokenAnswer {
  token: string;
  expiresInS?: number;
  /** RFC 6749 §6: a token to renew with; kept in memory only, like the access token. */
  refreshToken?: string;
}

/** An answer that was not a token: the endpoint's HTTP status (a refresh refused with a 4xx is dropped). */
export type TokenReply = { ok: true; answer: TokenAnswer } | { ok: false; status: number; error: FerryError };

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

/** The grant's URL field `key` (tokenUrl, authUrl) as an http(s) URL, or BAD_INPUT naming it. */
export function endpointUrl(name: string, key: 'tokenUrl' | 'authUrl', text: string): URL {
  const expected = key === 'tokenUrl' ? 'https://… (the token endpoint)' : 'https://… (the authorization endpoint)';
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
 * RFC 6749 §2.3.1: HTTP Basic (the default) or the form. A sign-in's or a password grant's client without a
 * secret is a public client (RFC 8252 §8.4, RFC 6749 §4.3.2): it only names itself in the form.
 */
function authenticate(fields: OAuth2Grant, form: URLSearchParams, headers: Record<string, string>): void {
  const isPublic = (fields.grant === 'authorization_code' || fields.grant === 'password') && !fields.clientSecret;
  if (!isPublic && (fields.credentials ?? 'basic') === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${formEncoded(fields.clientId)}:${formEncoded(fields.clientSecret ?? '')}`).toString('base64')}`;
    return;
  }
  form.set('client_id', fields.clientId);
  if (!isPublic && fields.clientSecret !== undefined) form.set('client_secret', fields.clientSecret);
}

async function postTokenForm(name: string, fields: OAuth2Grant, form: URLSearchParams, timeoutMs: number): Promise<TokenReply> {
  const what = tokenWhat(name);
  const url = endpointUrl(name, 'tokenUrl', fields.tokenUrl);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  authenticate(fields, form, headers);
  const endpoint = `${url.origin}${url.pathname}`;
  const tls = url.protocol === 'https:' ? await endpointTls(what, fields) : {};
  const posted = await postForm(url, headers, form.toString(), tls, timeoutMs);
  if (!posted.ok && posted.certificate) return fail('TLS_ERROR', `${what}: the token endpoint ${endpoint} failed the certificate check (${posted.reason}): ${certificateAdvice(fields)}`);
  if (!posted.ok) return fail('CONNECTION_FAILED', `${what}: cannot reach the token endpoint ${endpoint}: ${posted.reason}`);
  if (posted.status < 200 || posted.status > 299) return { ok: false, status: posted.status, error: ferryError('UNAUTHENTICATED', `${what}: the token endpoint ${endpoint} answered ${posted.status}${withoutPassword(endpointError(posted.text), fields.password)}`) };
  return { ok: true, answer: tokenFromAnswer(posted.text, what) };
}

/** RFC 6749 §5.2's `error` and `error_description`, when the answer carries them. */
function endpointError(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') return `: ${body.error}${typeof body.error_description === 'string' ? ` (${body.error_description})` : ''}`;
  } catch {
    // Not JSON: say nothing of it (it may be a whole HTML page).
  }
  return '';
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
