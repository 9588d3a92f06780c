/**
 * OAuth 2.0 access tokens for `oauth2` environment variables: the client credentials grant (RFC 6749 §4.4)
 * asked of the token endpoint when a request first uses the variable, and the token reused while it lasts.
 * Tokens live in the engine's memory only; they are secret values, redacted from history like any secret.
 */
import { fail } from '../../../shared/errors';
import type { OAuth2ClientCredentials } from '../../../shared/model';

export interface TokenSource {
  /**
   * A token for the variable `name`, its fields already substituted: the one fetched before while it lasts,
   * else a new one. Fails naming the variable and what the endpoint said.
   */
  token(name: string, fields: OAuth2ClientCredentials): Promise<string>;
  /** Forgets the tokens among these values (a call that carried them was refused): their next use asks again. */
  forget(values: readonly string[]): void;
}

export interface TokenSourceOptions {
  /** Wall clock in ms (injectable for tests). */
  now?: () => number;
  /** How long to wait for the token endpoint. */
  timeoutMs?: number;
}

/** Without `expires_in` in the answer, a token is reused this long. */
const UNDATED_TOKEN_MS = 5 * 60_000;
/** A token is renewed this long before it expires (at most half its life), so it does not run out mid-call. */
const RENEW_EARLY_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;

interface Kept {
  token: Promise<string>;
  /** The token, once it came. */
  value?: string;
  /** When to ask again; Infinity while the request is in flight. */
  renewAt: number;
}

export function createTokenSource(options: TokenSourceOptions = {}): TokenSource {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const kept = new Map<string, Kept>();

  return {
    token(name, fields) {
      const key = JSON.stringify([fields.tokenUrl, fields.clientId, fields.clientSecret, fields.scope, fields.audience, fields.credentials]);
      const found = kept.get(key);
      if (found && now() < found.renewAt) return found.token;
      const entry: Kept = { token: Promise.resolve(''), renewAt: Infinity };
      entry.token = requestToken(name, fields, timeoutMs).then(
        ({ token, expiresInS }) => {
          const lifeMs = expiresInS === undefined ? UNDATED_TOKEN_MS : expiresInS * 1000;
          entry.renewAt = now() + lifeMs - Math.min(RENEW_EARLY_MS, lifeMs / 2);
          entry.value = token;
          return token;
        },
        (reason: unknown) => {
          // A failure is not kept: the next use asks again.
          if (kept.get(key) === entry) kept.delete(key);
          throw reason;
        },
      );
      kept.set(key, entry);
      return entry.token;
    },
    forget(values) {
      for (const [key, entry] of kept) if (entry.value !== undefined && values.includes(entry.value)) kept.delete(key);
    },
  };
}

/** `application/x-www-form-urlencoded` encoding, which RFC 6749 §2.3.1 asks of the id and secret in HTTP Basic. */
const formEncoded = (text: string): string => new URLSearchParams([['', text]]).toString().slice(1);

/** Asks the token endpoint once, keeping nothing (the token source keeps what it gets; the editor's check keeps nothing). */
export async function requestToken(name: string, fields: OAuth2ClientCredentials, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ token: string; expiresInS?: number }> {
  const what = `OAuth 2.0 token {{${name}}}`;
  const url = tokenUrl(fields.tokenUrl, what);
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (fields.scope) form.set('scope', fields.scope);
  if (fields.audience) form.set('audience', fields.audience);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if ((fields.credentials ?? 'basic') === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${formEncoded(fields.clientId)}:${formEncoded(fields.clientSecret ?? '')}`).toString('base64')}`;
  } else {
    form.set('client_id', fields.clientId);
    if (fields.clientSecret !== undefined) form.set('client_secret', fields.clientSecret);
  }
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body: form, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (reason) {
    return fail('CONNECTION_FAILED', `${what}: cannot reach the token endpoint ${url.origin}${url.pathname}: ${fetchFailure(reason, timeoutMs)}`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) return fail('UNAUTHENTICATED', `${what}: the token endpoint ${url.origin}${url.pathname} answered ${response.status}${endpointError(text)}`);
  return tokenFromAnswer(text, what);
}

function tokenUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('BAD_INPUT', `${what}: tokenUrl ${JSON.stringify(text)} is not a URL`, { expected: 'https://… (the token endpoint)' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail('BAD_INPUT', `${what}: tokenUrl ${JSON.stringify(text)} is not an http(s) URL`, { expected: 'https://… (the token endpoint)' });
  return url;
}

function fetchFailure(reason: unknown, timeoutMs: number): string {
  const error = reason as Error & { cause?: { message?: string; code?: string } };
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  return error.cause?.message ?? error.cause?.code ?? error.message;
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

function tokenFromAnswer(text: string, what: string): { token: string; expiresInS?: number } {
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return fail('UNAUTHENTICATED', `${what}: the token endpoint's answer is not JSON`);
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') return fail('UNAUTHENTICATED', `${what}: the token endpoint answered without an access_token`);
  const expiresIn = typeof body.expires_in === 'string' ? Number(body.expires_in) : body.expires_in;
  return { token: body.access_token, ...(typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= 0 && { expiresInS: expiresIn }) };
}
