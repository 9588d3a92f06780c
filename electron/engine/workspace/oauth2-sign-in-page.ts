/**
 * The page the browser shows when a sign-in comes back to Ferry's loopback listener: one self-contained
 * HTML page, no script and nothing loaded from elsewhere. It says how the sign-in went, never the code or
 * the token (the address bar already holds the code; nothing here should repeat it).
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

const STYLE = 'body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}h1{font-size:1.3em}';
// The one inline style, allowed by its hash: the policy stays `default-src 'none'` for everything else.
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const escaped = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Answers the browser with a page of a title and a line of text (both escaped: a provider's words are shown). */
export function answerPage(response: ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry: ${escaped(title)}</title><style>${STYLE}</style></head><body><h1>${escaped(title)}</h1><p>${escaped(text)}</p></body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': POLICY,
    'cache-control': 'no-store',
    // The address holds the code: no page it leads to may learn it.
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    // The listener closes after the answer: a kept-alive socket would hold it open.
    connection: 'close',
  });
  response.end(html);
}
