/**
 * A person's sign-in for the authorization code grant (RFC 6749 §4.1) with PKCE (RFC 7636, S256): the
 * authorization endpoint's page opens in a browser, which comes back to a listener on 127.0.0.1 (RFC 8252
 * §7.3) with a code; the code is exchanged for a token. The listener lives only until the sign-in ends.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fail, FerryFailure, ferryError, toFerryError, type FerryError } from '../../../shared/errors';
import type { OAuth2Grant } from '../../../shared/model';
import { nodeHttp } from '../protocols/node-network';
import { answerPage } from './oauth2-sign-in-page';
import { duration, settleOnce, type SignIn } from './oauth2-sign-in-ending';
import { endpointUrl, tokenWhat, type TokenAnswer } from './oauth2-token-request';

export interface SignInOptions {
  /** How long to wait for the browser to come back. */
  timeoutMs: number;
  /** Exchanges the code the browser brought (at the token endpoint, with the PKCE verifier). */
  exchange(code: string, redirectUri: string, verifier: string): Promise<TokenAnswer>;
}

const base64url = (bytes: Buffer): string => bytes.toString('base64url');

/** Checks the grant, listens, and answers the page to open; `done` settles when the browser comes back. */
export async function startSignIn(name: string, fields: OAuth2Grant, options: SignInOptions): Promise<SignIn & { redirectUri: string }> {
  const url = authorizationUrl(name, fields);
  // Checked now: a tokenUrl that cannot work should not wait for a person to sign in first.
  endpointUrl(name, 'tokenUrl', fields.tokenUrl);
  // RFC 7636 §4.1: 32 random bytes make a 43-character verifier; the state is as unguessable.
  const verifier = base64url(randomBytes(32));
  const state = base64url(randomBytes(32));
  const server = nodeHttp().createServer();
  const redirectUri = `http://127.0.0.1:${await listen(server, name, fields.redirectPort ?? 0)}/callback`;
  const params = { response_type: 'code', client_id: fields.clientId, redirect_uri: redirectUri, scope: fields.scope, audience: fields.audience, state };
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  url.searchParams.set('code_challenge', base64url(createHash('sha256').update(verifier).digest()));
  url.searchParams.set('code_challenge_method', 'S256');

  const what = tokenWhat(name);
  const timedOut = ferryError('DEADLINE_EXCEEDED', `${what}: nobody came back from the sign-in page within ${duration(options.timeoutMs)}`);
  const ending = settleOnce(
    () => {
      server.close();
      server.closeIdleConnections();
    },
    { ms: options.timeoutMs, error: timedOut },
  );
  /** A browser came back to /callback: the sign-in ends with it. */
  let taken = false;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const at = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || at.pathname !== '/callback') return answerPage(response, 404, 'Not found', 'Ferry listens here only for a sign-in to come back.');
    if (taken) return answerPage(response, 409, 'Sign-in over', 'This sign-in has already ended: start another from Ferry.');
    taken = true;
    void callback(at.searchParams, { what, state, redirectUri, verifier, exchange: options.exchange }).then((outcome) => {
      // Cancelled or timed out while the code was being exchanged: that ending stands.
      const final = ending.settled ? ferryError('CANCELLED', `${what}: the sign-in ended before the token came`) : outcome;
      if ('token' in final) answerPage(response, 200, 'Signed in', `Signed in: Ferry has the token for {{${name}}}. You can close this tab.`);
      else answerPage(response, 400, 'Sign-in failed', final.message);
      if ('token' in final) ending.succeed(final);
      else ending.fail(final);
    });
  });
  return { url: url.toString(), redirectUri, done: ending.done, cancel: () => ending.fail(ferryError('CANCELLED', `${what}: the sign-in was cancelled`)) };
}

function authorizationUrl(name: string, fields: OAuth2Grant): URL {
  const what = tokenWhat(name);
  if (fields.grant !== 'authorization_code') {
    fail('FAILED_PRECONDITION', `${what}: only an authorization code or device code grant signs in; a client credentials or password grant gets its token from the token endpoint when a request uses it`);
  }
  if (!fields.authUrl) fail('BAD_INPUT', `${what}: authUrl is required for the authorization code grant`, { fieldPath: 'authUrl', expected: 'https://… (the authorization endpoint)' });
  return endpointUrl(name, 'authUrl', fields.authUrl);
}

interface CallbackContext {
  what: string;
  state: string;
  redirectUri: string;
  verifier: string;
  exchange: SignInOptions['exchange'];
}

/** What the browser brought back (RFC 6749 §4.1.2): the code exchanged for a token, or why not. */
async function callback(query: URLSearchParams, context: CallbackContext): Promise<TokenAnswer | FerryError> {
  const { what } = context;
  const error = query.get('error');
  if (error !== null) {
    const description = query.get('error_description');
    return ferryError('UNAUTHENTICATED', `${what}: the sign-in was refused: ${error}${description ? ` (${description})` : ''}`);
  }
  if (query.get('state') !== context.state) return ferryError('PERMISSION_DENIED', `${what}: state does not match: not the sign-in Ferry started`);
  const code = query.get('code');
  if (!code) return ferryError('UNAUTHENTICATED', `${what}: the browser came back without a code`);
  return context.exchange(code, context.redirectUri, context.verifier).catch(toFerryError);
}

function listen(server: Server, name: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use (by another program, or another sign-in)' : error.message;
      reject(new FerryFailure(ferryError('FAILED_PRECONDITION', `${tokenWhat(name)}: cannot listen for the sign-in's return on 127.0.0.1:${port} (redirectPort): ${why}`, { fieldPath: 'redirectPort' })));
    });
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
