/**
 * Who may talk to `ferry serve`, and the headers every answer carries. The server is reachable by any
 * process and any web page on this machine, so three checks guard it:
 *  - the per-run token (in `?token=`, or the cookie set when the page was opened with it), so other local
 *    users and pages that merely guess the port get nothing;
 *  - the Host header, against DNS rebinding (a foreign name that resolves to 127.0.0.1 would otherwise
 *    make the browser treat us as that site's origin);
 *  - the Origin header, so no other site's script can open the WebSocket (browsers do not apply the
 *    same-origin policy to WebSocket handshakes).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { rendererContentSecurityPolicy } from '../../shared/api';

/** The served UI's Content Security Policy: the renderer's, which may also open our WebSocket. */
export function contentSecurityPolicy(port: number): string {
  return rendererContentSecurityPolicy([`ws://127.0.0.1:${port}`]);
}

/** Sent with every response, refusals included. */
export function securityHeaders(port: number): OutgoingHttpHeaders {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    // Nobody may frame the UI (clickjacking): frame-ancestors in the CSP, and this for older browsers.
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

/** 32 random bytes, URL-safe: unguessable, and fits in `?token=` without escaping. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Cookies are scoped by host, not port: the port in the name keeps two servers from clobbering each other. */
export function tokenCookieName(port: number): string {
  return `ferry_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export interface AccessPolicy {
  port: number;
  token: string;
}

export type AccessDecision = { ok: true; tokenFrom: 'query' | 'cookie' } | { ok: false; reason: string };

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

function sameToken(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  // Constant-time, so response timing does not leak how much of a guess was right.
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Decides whether a request (page, asset or WebSocket upgrade) may be served. */
export function checkAccess(req: IncomingMessage, url: URL, policy: AccessPolicy): AccessDecision {
  const hosts = allowedHosts(policy.port);
  const host = req.headers.host?.toLowerCase();
  if (host === undefined || !hosts.includes(host)) return { ok: false, reason: 'unexpected Host header' };
  const origin = req.headers.origin;
  // No Origin is fine (a typed URL, curl); any Origin that is present must be ours, and "null" is not.
  if (origin !== undefined && !hosts.some((h) => origin.toLowerCase() === `http://${h}`)) {
    return { ok: false, reason: 'requests from other origins are refused' };
  }
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) return sameToken(fromQuery, policy.token) ? { ok: true, tokenFrom: 'query' } : { ok: false, reason: 'wrong token' };
  const fromCookie = cookieValue(req.headers.cookie, tokenCookieName(policy.port));
  if (fromCookie !== undefined && sameToken(fromCookie, policy.token)) return { ok: true, tokenFrom: 'cookie' };
  return { ok: false, reason: 'missing or wrong token' };
}
