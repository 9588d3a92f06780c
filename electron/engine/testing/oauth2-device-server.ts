/**
 * The device authorization grant (RFC 8628) of the tests' OAuth 2.0 server (`oauth2-server.ts`): `POST
 * /device` gives a device code and a user code; `GET /device` is the verification page, which only shows the
 * code (the test plays the person: `approve` or `deny`); the token endpoint's device grant answers
 * `authorization_pending` until then, `slow_down` once when told, `expired_token` past the code's lifetime
 * or when told.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** What the next device authorizations answer: `interval` and `expires_in` (seconds, fractions too), no `verification_uri_complete`, one `slow_down`. */
export interface DeviceAnswers {
  interval?: number;
  expiresIn: number;
  withoutCompleteUri?: boolean;
  /** The next poll is answered `slow_down` (then this is cleared). */
  slowDownOnce?: boolean;
  /** Polls are answered `expired_token`, whatever the lifetime said (a provider that ended the code early). */
  expired?: boolean;
}

export interface DeviceAuthorization {
  clientId: string;
  /** The form of the device authorization request. */
  form: Record<string, string>;
  userCode: string;
  deviceCode: string;
  /** When each poll for it came (ms since the epoch). */
  polledAt: number[];
  state: 'pending' | 'approved' | 'denied' | 'used';
  expiresAt: number;
}

export type Refusal = { status: number; error: string; error_description?: string };

/** Eight letters as RFC 8628 §6.1 suggests: no vowels or look-alikes, easy to type, `WDJB-MJHT`. */
function userCodeOf(): string {
  const letters = 'BCDFGHJKLMNPQRSTVWXZ';
  const picked = [...randomBytes(8)].map((byte) => letters[byte % letters.length]).join('');
  return `${picked.slice(0, 4)}-${picked.slice(4)}`;
}

export function createDeviceAuthority(answers: DeviceAnswers) {
  const issued: DeviceAuthorization[] = [];
  const byUserCode = (userCode: string): DeviceAuthorization => {
    const found = issued.find((device) => device.userCode === userCode);
    if (!found) throw new Error(`no device authorization has the user code ${userCode}`);
    return found;
  };

  return {
    issued,
    /** RFC 8628 §3.2's answer to a client the server authenticated (or a public one). */
    authorize(origin: string, clientId: string, form: Record<string, string>): Record<string, unknown> {
      const device: DeviceAuthorization = { clientId, form, userCode: userCodeOf(), deviceCode: `device-${randomBytes(8).toString('hex')}`, polledAt: [], state: 'pending', expiresAt: Date.now() + answers.expiresIn * 1000 };
      issued.push(device);
      const page = `${origin}/device`;
      return {
        device_code: device.deviceCode,
        user_code: device.userCode,
        verification_uri: page,
        ...(!answers.withoutCompleteUri && { verification_uri_complete: `${page}?user_code=${device.userCode}` }),
        expires_in: answers.expiresIn,
        ...(answers.interval !== undefined && { interval: answers.interval }),
      };
    },
    /** A poll of the token endpoint (§3.4): the error of §3.5, or undefined when the token is due. */
    poll(form: Record<string, string>, clientId: string): Refusal | undefined {
      const device = issued.find((one) => one.deviceCode === form.device_code);
      if (!device || device.clientId !== clientId || device.state === 'used') return { status: 400, error: 'invalid_grant' };
      device.polledAt.push(Date.now());
      if (answers.slowDownOnce) {
        answers.slowDownOnce = false;
        return { status: 400, error: 'slow_down' };
      }
      if (answers.expired || Date.now() > device.expiresAt) return { status: 400, error: 'expired_token' };
      if (device.state === 'denied') return { status: 400, error: 'access_denied', error_description: 'the user said no' };
      if (device.state === 'pending') return { status: 400, error: 'authorization_pending' };
      device.state = 'used';
      return undefined;
    },
    approve: (userCode: string) => void (byUserCode(userCode).state = 'approved'),
    deny: (userCode: string) => void (byUserCode(userCode).state = 'denied'),
    /** The verification page: it shows the code it was opened with; entering it is the test's part. */
    page(url: URL, response: ServerResponse): void {
      const code = (url.searchParams.get('user_code') ?? '').replace(/[^A-Z-]/g, '');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>Device sign-in</title><h1>Device sign-in</h1><p>Code: <span id="code">${code}</span></p>`);
    },
  };
}
