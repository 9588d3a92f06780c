/**
 * OAuth 2.0 access tokens for `oauth2` environment variables: the client credentials grant (RFC 6749 §4.4)
 * or the password grant (§4.3), asked of the token endpoint when a request first uses the variable, or the
 * token a person's sign-in brought (authorization code with PKCE, `oauth2-sign-in.ts`, or the device grant,
 * `oauth2-device-sign-in.ts`); each reused while it lasts, then renewed with its refresh token when the
 * endpoint gave one (§6). Tokens and refresh tokens live in the engine's memory only; they are secret values,
 * redacted from history like any secret.
 */
import { createHash } from 'node:crypto';
import { fail, FerryFailure, type FerryError } from '../../../shared/errors';
import { signsIn, type OAuth2Grant } from '../../../shared/model';
import { startDeviceSignIn } from './oauth2-device-sign-in';
import { startSignIn } from './oauth2-sign-in';
import { SIGN_IN_TIMEOUT_MS, type SignIn } from './oauth2-sign-in-ending';
import { DEFAULT_TIMEOUT_MS, exchangeCode, refreshToken, requestToken, tokenWhat, type TokenAnswer } from './oauth2-token-request';

export interface TokenSource {
  /**
   * A token for the variable `name`, its fields already substituted: the one fetched before while it lasts,
   * else a renewed or new one. Fails naming the variable and what the endpoint said.
   */
  token(name: string, fields: OAuth2Grant): Promise<string>;
  /** Forgets the tokens among these values (a call that carried them was refused): their next use renews them. */
  forget(values: readonly string[]): void;
  /**
   * Starts a person's sign-in for an authorization code or device code grant; the token it brings is kept for
   * calls with the same grant. A sign-in still waiting for the same grant is cancelled.
   */
  signIn(name: string, fields: OAuth2Grant): Promise<SignIn>;
  /** Cancels every sign-in still waiting, closing its listener or stopping its polls. */
  close(): void;
}

export interface TokenSourceOptions {
  /** Wall clock in ms (injectable for tests). */
  now?: () => number;
  /** How long to wait for the token endpoint. */
  timeoutMs?: number;
  /** How long a sign-in waits for the browser to come back, or for the device code to be entered; default 5 minutes. */
  signInTimeoutMs?: number;
  /** How long a second of a device grant's polling interval lasts; default 1000 (less in tests). */
  pollSecondMs?: number;
  /**
   * Interactive (the CLI at a terminal): a request that needs a sign-in starts one, shows its page's
   * address (and a device grant's code to enter) with this, and waits for it. Absent: such a request fails,
   * saying `whereToSignIn`.
   */
  signIn?: (name: string, url: string, userCode?: string) => void;
  /** Where a person signs in, for that failure; default the environment editor's Sign in. */
  whereToSignIn?: string;
}

/** Without `expires_in` in the answer, a token is reused this long. */
const UNDATED_TOKEN_MS = 5 * 60_000;
/** A token is renewed this long before it expires (at most half its life), so it does not run out mid-call. */
const RENEW_EARLY_MS = 30_000;

interface Kept {
  token: Promise<string>;
  /** The token, once it came. */
  value?: string;
  /** When to renew; Infinity while the request is in flight. */
  renewAt: number;
}

/**
 * Which grant a token belongs to: the same fields, the same token (two users, two tokens). Hashed, so the
 * secrets among the fields (client secret, password) are not kept readable for as long as the engine runs.
 */
const keyOf = (fields: OAuth2Grant): string =>
  createHash('sha256')
    .update(JSON.stringify([fields.grant ?? 'client_credentials', fields.tokenUrl, fields.authUrl, fields.deviceAuthUrl, fields.clientId, fields.clientSecret, fields.scope, fields.audience, fields.credentials, fields.username, fields.password, fields.caCertPath, fields.insecureSkipVerify, fields.proxy]))
    .digest('base64url');

export function createTokenSource(options: TokenSourceOptions = {}): TokenSource {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = options.whereToSignIn ?? 'use Sign in in the environment editor';
  const kept = new Map<string, Kept>();
  const refreshTokens = new Map<string, string>();
  /** Grants someone signed in for: needing a sign-in again means the last one expired. */
  const signedIn = new Set<string>();
  const signIns = new Map<string, SignIn>();

  function keep(key: string, entry: Kept, answer: TokenAnswer): string {
    const lifeMs = answer.expiresInS === undefined ? UNDATED_TOKEN_MS : answer.expiresInS * 1000;
    entry.renewAt = now() + lifeMs - Math.min(RENEW_EARLY_MS, lifeMs / 2);
    entry.value = answer.token;
    // A new refresh token replaces the old (rotation); an answer without one leaves the old in use.
    if (answer.refreshToken !== undefined) refreshTokens.set(key, answer.refreshToken);
    return answer.token;
  }

  async function renewed(name: string, fields: OAuth2Grant, key: string): Promise<TokenAnswer> {
    const refresh = refreshTokens.get(key);
    let refused: FerryError | undefined;
    if (refresh !== undefined) {
      const reply = await refreshToken(name, fields, refresh, timeoutMs);
      if (reply.ok) return reply.answer;
      // A 4xx is the endpoint's no (revoked, expired): drop the refresh token. Anything else may pass.
      if (reply.status < 400 || reply.status >= 500) throw new FerryFailure(reply.error);
      if (refreshTokens.get(key) === refresh) refreshTokens.delete(key);
      refused = reply.error;
    }
    if (!signsIn(fields.grant)) return requestToken(name, fields, timeoutMs);
    if (options.signIn) return interactiveSignIn(name, fields, key);
    return fail('UNAUTHENTICATED', noSignIn(name, fields, key, refused));
  }

  function noSignIn(name: string, fields: OAuth2Grant, key: string, refused: FerryError | undefined): string {
    const what = tokenWhat(name);
    const grant = fields.grant === 'device_code' ? 'device code grant' : 'authorization code grant';
    if (!signedIn.has(key) && !refused) return `${what}: nobody has signed in yet (${grant}): ${where}`;
    const why = refused ? ` (${refused.message.slice(what.length + 2)})` : '';
    return `${what}: the sign-in has expired${why}: sign in again (${where})`;
  }

  async function interactiveSignIn(name: string, fields: OAuth2Grant, key: string): Promise<TokenAnswer> {
    const signIn = await begin(name, fields, key);
    options.signIn!(name, signIn.url, signIn.userCode);
    return signIn.done;
  }

  async function begin(name: string, fields: OAuth2Grant, key: string): Promise<SignIn> {
    // Before listening: a fixed redirectPort is the earlier sign-in's until it closes.
    signIns.get(key)?.cancel();
    const signInTimeoutMs = options.signInTimeoutMs ?? SIGN_IN_TIMEOUT_MS;
    const signIn =
      fields.grant === 'device_code'
        ? await startDeviceSignIn(name, fields, { timeoutMs: signInTimeoutMs, pollSecondMs: options.pollSecondMs ?? 1000, requestTimeoutMs: timeoutMs })
        : await startSignIn(name, fields, { timeoutMs: signInTimeoutMs, exchange: (code, redirectUri, verifier) => exchangeCode(name, fields, { code, redirectUri, verifier }, timeoutMs) });
    // Another began for the same grant while this one was binding or asking for codes: the later wins.
    signIns.get(key)?.cancel();
    signIns.set(key, signIn);
    void signIn.done
      .then(
        () => signedIn.add(key),
        () => undefined,
      )
      .finally(() => signIns.get(key) === signIn && signIns.delete(key));
    return signIn;
  }

  return {
    token(name, fields) {
      const key = keyOf(fields);
      const found = kept.get(key);
      if (found && now() < found.renewAt) return found.token;
      const entry: Kept = { token: Promise.resolve(''), renewAt: Infinity };
      entry.token = renewed(name, fields, key).then(
        (answer) => keep(key, entry, answer),
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
      // The refresh token stays: the next use renews with it rather than reusing what was refused.
      for (const [key, entry] of kept) if (entry.value !== undefined && values.includes(entry.value)) kept.delete(key);
    },
    async signIn(name, fields) {
      const key = keyOf(fields);
      const signIn = await begin(name, fields, key);
      const done = signIn.done.then((answer) => {
        const entry: Kept = { token: Promise.resolve(answer.token), renewAt: 0 };
        kept.set(key, entry);
        keep(key, entry, answer);
        return answer;
      });
      done.catch(() => undefined);
      return { ...signIn, done };
    },
    close() {
      for (const signIn of signIns.values()) signIn.cancel();
      signIns.clear();
    },
  };
}
