/**
 * The renderer's Content Security Policy, the same whichever host serves it (the desktop app's app://
 * protocol, `ferry serve`): only our own bundle runs (no remote or inline scripts, no eval); Monaco needs
 * inline styles, data: fonts, blob: workers and data: images (it draws error squiggles as data: SVGs); no
 * plugins, no <base>, no form posts, no framing. Hosts differ only in where the page may connect.
 */
const BASE_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['font-src', "'self' data:"],
  ['worker-src', "'self' blob:"],
  ['img-src', "'self' data:"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** The policy as a header value; `connectSources` are allowed besides the page's own origin. */
export function rendererContentSecurityPolicy(connectSources: readonly string[] = []): string {
  const connect: [string, string] = ['connect-src', ["'self'", ...connectSources].join(' ')];
  return [...BASE_DIRECTIVES, connect].map(([name, value]) => `${name} ${value}`).join('; ');
}
