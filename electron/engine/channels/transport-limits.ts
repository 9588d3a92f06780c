import { fail } from '../../../shared/errors';
import type { TransportOptions } from './credentials';

/**
 * The longest delay Node's timers take (2^31-1 ms, about 24.8 days). A longer one is not an error to Node:
 * it warns (TimeoutOverflowWarning) and fires after 1 ms, turning "wait a month" into "give up at once".
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

// An authority is a host name or address with an optional port: no spaces, no control characters (a CR/LF
// would end up inside an HTTP/2 header).
const LEGAL_AUTHORITY = /^[!-~]+$/;
const LEGAL_HEADER_TEXT = /^[ -~]*$/;

/** Refuses durations a timer cannot hold, so every front end gets one clear message instead of an instant timeout. */
export function checkTimerMs(ms: number, what: string): void {
  if (!Number.isFinite(ms) || ms < 0) fail('BAD_INPUT', `${what} must be a duration of zero or more, got ${ms} ms`);
  if (ms > MAX_TIMER_MS) {
    fail('BAD_INPUT', `${what} of ${ms} ms is too long: at most ${MAX_TIMER_MS} ms (${Math.floor(MAX_TIMER_MS / 1000)} s, about 24 days)`);
  }
}

/** The transport settings a channel would take as given, or a BAD_INPUT naming the one it would not. */
export function checkTransportOptions(options: TransportOptions): void {
  if (options.authority !== undefined && !LEGAL_AUTHORITY.test(options.authority)) {
    fail('BAD_INPUT', `authority ${JSON.stringify(options.authority)} must be a host name with an optional port, without spaces or control characters`, {
      expected: 'e.g. api.example.com or api.example.com:443',
    });
  }
  if (options.userAgent !== undefined && !LEGAL_HEADER_TEXT.test(options.userAgent)) {
    fail('BAD_INPUT', `user agent ${JSON.stringify(options.userAgent)} may only contain printable ASCII`);
  }
  if (options.keepaliveTimeMs !== undefined) checkTimerMs(options.keepaliveTimeMs, 'keepalive time');
  if (options.keepaliveTimeoutMs !== undefined) checkTimerMs(options.keepaliveTimeoutMs, 'keepalive timeout');
}
