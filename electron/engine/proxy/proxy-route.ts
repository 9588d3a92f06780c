/**
 * Which HTTP proxy, if any, a connection to one host goes through: the connection's own setting, else the
 * proxy environment variables as grpc-js and curl read them. Every transport asks here (gRPC channels, the web
 * protocols, token endpoints), so one host is never proxied by one and dialed directly by another.
 */
import { isIP } from 'node:net';
import { fail } from '../../../shared/errors';

/** The setting that means "no proxy, whatever the environment says". */
export const DIRECT = 'direct';

export interface ProxyRoute {
  host: string;
  port: number;
  /** `user:password`, percent-decoded, for Proxy-Authorization: Basic. Never shown. */
  credentials?: string;
  /** `host:port` of the proxy, for messages (no credentials). */
  address: string;
  /** Where the route came from: the setting's name as the front end words it, or the environment variable's. */
  source: string;
}

export interface Destination {
  host: string;
  port: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The proxy for `destination`, or undefined to dial it directly. A malformed proxy URL fails (BAD_INPUT),
 * named as `settingName` says (`the Proxy setting`, `--proxy`) or by its environment variable.
 */
export function proxyRoute(setting: string | undefined, destination: Destination, settingName = 'the proxy setting', env: Env = process.env): ProxyRoute | undefined {
  const chosen = setting?.trim();
  if (chosen !== undefined && chosen !== '') {
    return chosen.toLowerCase() === DIRECT ? undefined : parseProxyUrl(chosen, settingName);
  }
  const fromEnv = proxyFromEnv(env);
  if (!fromEnv || bypassed(destination.host, env)) return undefined;
  return parseProxyUrl(fromEnv.value, fromEnv.name);
}

/** grpc-js's order: grpc_proxy, then https_proxy, then http_proxy (lower case first, as curl reads them). */
export function proxyFromEnv(env: Env = process.env): { name: string; value: string } | undefined {
  for (const name of ['grpc_proxy', 'https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** The variable whose list of hosts to dial directly applies (grpc-js's order), when one is set. */
export function noProxyVariable(env: Env = process.env): string | undefined {
  return ['no_grpc_proxy', 'no_proxy', 'NO_PROXY'].find((name) => env[name] !== undefined);
}

function noProxyList(env: Env): string[] {
  const name = noProxyVariable(env);
  const raw = name === undefined ? '' : env[name]!;
  return raw
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}

/** curl's rules: `*` matches all; `example.com` and `.example.com` match it and its subdomains; IPs and CIDRs. */
function bypassed(rawHost: string, env: Env): boolean {
  const host = rawHost.replace(/^\[|\]$/g, '').toLowerCase();
  return noProxyList(env).some((entry) => {
    if (entry === '*') return true;
    if (entry.includes('/')) return inCidr(host, entry);
    const name = entry.replace(/^\*?\./, '').replace(/:\d+$/, '');
    return host === name || host.endsWith(`.${name}`);
  });
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (isIP(host) !== 4 || isIP(base ?? '') !== 4 || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((ipv4(host) & mask) >>> 0) === ((ipv4(base!) & mask) >>> 0);
}

function ipv4(address: string): number {
  return address.split('.').reduce((sum, part) => ((sum << 8) | Number(part)) >>> 0, 0);
}

/** `http://[user:password@]host:port`; a bare `host:port` is taken as http, as curl and grpc-js take it. */
export function parseProxyUrl(text: string, source: string): ProxyRoute {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return fail('BAD_INPUT', `${source}: "${masked(text)}" is not a proxy URL; expected http://host:port or http://user:password@host:port`);
  }
  if (url.protocol !== 'http:') {
    fail('BAD_INPUT', `${source}: ${url.protocol}// proxies are not supported; Ferry speaks to HTTP proxies (http://host:port), which tunnel TLS with CONNECT`);
  }
  if (url.port === '') fail('BAD_INPUT', `${source}: the proxy URL ${url.protocol}//${url.hostname} needs a port, such as http://${url.hostname}:3128`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '') fail('BAD_INPUT', `${source}: a proxy URL is scheme, host and port only; remove "${url.pathname}${url.search}"`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port);
  const credentials = url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined;
  return { host, port, address: `${url.hostname}:${port}`, source, ...(credentials !== undefined && { credentials }) };
}

/** The text with any password in it replaced, for an error that quotes it. */
function masked(text: string): string {
  return text.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
