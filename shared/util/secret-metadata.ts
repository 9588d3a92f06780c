const SECRET_KEYS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const SECRET_SUFFIXES = ['-token', '-key', '-secret', 'password'];

/** True for metadata keys whose values must never be printed or stored outside the request itself. */
export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  return SECRET_KEYS.has(lower) || SECRET_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}
