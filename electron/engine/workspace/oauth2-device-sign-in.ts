/**
 * A person's sign-in by the device authorization grant (RFC 8628): the device authorization endpoint gives a
 * code for the person to enter on a page of the provider's, in any browser on any machine (over SSH, say,
 * where no browser could come back to 127.0.0.1), while Ferry polls the token endpoint until the token comes.
 */
import { fail, ferryError, toFerryError } from '../../../shared/errors';
import type { OAuth2Grant } from '../../../shared/model';
import { duration, settleOnce, type SignIn } from './oauth2-sign-in-ending';
import { endpointUrl, pollDeviceToken, requestDeviceCodes, tokenWhat, type DeviceCodes, type TokenReply } from './oauth2-token-request';

/** RFC 8628 §3.2 and §3.5: the wait between polls when the endpoint names none, and what each `slow_down` adds. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;

export interface DeviceSignInOptions {
  /** How long to wait for the person at most; the code's own lifetime (`expires_in`) may end it sooner. */
  timeoutMs: number;
  /** How long a second of the polling interval lasts: 1000, less in tests. */
  pollSecondMs: number;
  /** How long to wait for each answer of the endpoints. */
  requestTimeoutMs: number;
}

/** Asks for the codes and answers the page and the code to show; `done` settles when the token came, or why not. */
export async function startDeviceSignIn(name: string, fields: OAuth2Grant, options: DeviceSignInOptions): Promise<SignIn & { userCode: string }> {
  const what = tokenWhat(name);
  if (!fields.deviceAuthUrl) fail('BAD_INPUT', `${what}: deviceAuthUrl is required for the device code grant`, { fieldPath: 'deviceAuthUrl', expected: 'https://… (the device authorization endpoint)' });
  // Checked now: a tokenUrl that cannot work should not wait for a person to enter the code first.
  endpointUrl(name, 'tokenUrl', fields.tokenUrl);
  const codes = await requestDeviceCodes(name, fields, options.requestTimeoutMs);

  let pollTimer: NodeJS.Timeout | undefined;
  const ending = settleOnce(() => clearTimeout(pollTimer), limitOf(what, codes, options.timeoutMs));

  let intervalS = codes.intervalS ?? DEFAULT_INTERVAL_S;
  const wait = () => {
    pollTimer = setTimeout(() => void poll(), intervalS * options.pollSecondMs);
  };
  async function poll(): Promise<void> {
    let reply: TokenReply;
    try {
      reply = await pollDeviceToken(name, fields, codes.deviceCode, options.requestTimeoutMs);
    } catch (reason) {
      return ending.fail(toFerryError(reason));
    }
    // Cancelled or timed out while the poll was out: that ending stands.
    if (ending.settled) return;
    if (reply.ok) return ending.succeed(reply.answer);
    if (reply.code === 'authorization_pending' || reply.code === 'slow_down') {
      if (reply.code === 'slow_down') intervalS += SLOW_DOWN_S;
      return wait();
    }
    // access_denied and the rest are UNAUTHENTICATED with the endpoint's words already.
    ending.fail(reply.code === 'expired_token' ? ferryError('DEADLINE_EXCEEDED', reply.error.message) : reply.error);
  }
  wait();

  const url = codes.verificationUriComplete ?? codes.verificationUri;
  return { url, userCode: codes.userCode, done: ending.done, cancel: () => ending.fail(ferryError('CANCELLED', `${what}: the sign-in was cancelled`)) };
}

/** The sooner of the sign-in's limit and the code's lifetime, and what to say when it passes. */
function limitOf(what: string, codes: DeviceCodes, timeoutMs: number) {
  const lifetimeMs = codes.expiresInS === undefined ? Infinity : codes.expiresInS * 1000;
  const ms = Math.min(timeoutMs, lifetimeMs);
  const whose = lifetimeMs < timeoutMs ? " (the code's lifetime)" : '';
  return { ms, error: ferryError('DEADLINE_EXCEEDED', `${what}: nobody entered the code within ${duration(ms)}${whose}`) };
}
