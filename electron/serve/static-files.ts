/**
 * Serves the built renderer bundle: files under one root only, with their content types, and the
 * single-page-app fallback to index.html for paths that name no file.
 */
import { createReadStream, existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** The built renderer: dist/renderer beside the bundled CLI, in the checkout, or in the working directory. */
export function defaultStaticDir(): string {
  const candidates = [
    join(__dirname, '..', 'renderer'), // bundled: dist/cli/ferry.cjs → dist/renderer
    join(__dirname, '..', '..', 'dist', 'renderer'), // from source: electron/serve → dist/renderer
    resolve('dist', 'renderer'),
  ];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? resolve('dist', 'renderer');
}

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticTarget = { ok: true; file: string; fallback: boolean } | { ok: false; status: 400 | 403 | 404 };

async function isFileInside(root: string, file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    // A symlink inside the bundle must not lead out of it.
    const real = await realpath(file);
    return real.startsWith(await realpath(root) + sep);
  } catch {
    return false;
  }
}

function decodePath(pathname: string): string[] | undefined {
  try {
    return decodeURIComponent(pathname).split('/').filter((segment) => segment !== '');
  } catch {
    return undefined;
  }
}

/**
 * Maps a URL path to a file under `root`. `..` arrives here only percent-encoded (the URL parser already
 * resolved plain ones), and a decoded `..`, backslash or NUL is refused outright rather than normalised:
 * nobody asks for those by accident.
 */
export async function resolveStaticTarget(root: string, pathname: string): Promise<StaticTarget> {
  const segments = decodePath(pathname);
  if (segments === undefined) return { ok: false, status: 400 };
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) return { ok: false, status: 403 };
  const base = resolve(root);
  const file = resolve(base, ...segments);
  if (file !== base && !file.startsWith(base + sep)) return { ok: false, status: 403 };
  if (segments.length > 0 && (await isFileInside(base, file))) return { ok: true, file, fallback: false };
  // A path with an extension names an asset: a missing one is a 404, not the app's HTML under a .js name.
  const last = segments[segments.length - 1];
  if (last !== undefined && extname(last) !== '') return { ok: false, status: 404 };
  const index = join(base, 'index.html');
  return (await isFileInside(base, index)) ? { ok: true, file: index, fallback: true } : { ok: false, status: 404 };
}

/** Streams one resolved file; HEAD gets the headers only. */
export async function sendFile(res: ServerResponse, file: string, headOnly: boolean, headers: OutgoingHttpHeaders): Promise<void> {
  const size = (await stat(file)).size;
  const isHtml = extname(file) === '.html';
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeFor(file),
    'Content-Length': size,
    // The page is per run (token cookie); hashed assets may be revalidated cheaply.
    'Cache-Control': isHtml ? 'no-store' : 'no-cache',
  });
  if (headOnly) {
    res.end();
    return;
  }
  await new Promise<void>((done) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      done();
    });
    stream.on('end', done);
    stream.pipe(res);
  });
}
