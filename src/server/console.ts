/**
 * Serving the approvals console (DESIGN.md §10, issue 7): the static files `scripts/build-web.mjs` writes, from
 * the same origin as the API they call. Every console path answers with the one `index.html` (the page routes
 * itself), under a CSP that allows nothing but this origin: no inline script, no CDN, no font from elsewhere.
 * The files are read once, at mount: only names the build wrote are served, so no request path ever reaches
 * the file system. Asset names carry a content hash, so they are cached for good; the page is revalidated.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Env, Hono } from 'hono';

/** The page's paths: the console routes itself among them. */
export const CONSOLE_PATHS = [
  '/',
  '/login',
  '/approvals/:id',
  '/audit',
  '/agents',
  '/policy',
  '/notifications',
  '/account',
] as const;

/** Same-origin only; `connect-src` falls back to it, which covers fetch and the SSE stream. */
export const CONSOLE_CSP =
  "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

const ASSET_CACHE = 'public, max-age=31536000, immutable';
const PAGE_CACHE = 'no-cache';
const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
};

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  type: string;
  etag: string;
}

function asset(bytes: Buffer, name: string): Asset {
  const body = new Uint8Array(bytes.byteLength);
  body.set(bytes);
  return {
    body,
    type: TYPES[extname(name)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`,
  };
}

/** index.html and assets/*, or undefined when the console has not been built. */
function load(dir: string): { page: Asset; assets: Map<string, Asset> } | undefined {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return undefined;
  const assets = new Map<string, Asset>();
  const assetDir = join(dir, 'assets');
  if (existsSync(assetDir)) {
    for (const e of readdirSync(assetDir, { withFileTypes: true })) {
      if (e.isFile()) assets.set(e.name, asset(readFileSync(join(assetDir, e.name)), e.name));
    }
  }
  return { page: asset(readFileSync(index), 'index.html'), assets };
}

function securityHeaders(c: Context): void {
  c.header('content-security-policy', CONSOLE_CSP);
  c.header('x-frame-options', 'DENY');
  c.header('referrer-policy', 'no-referrer');
  c.header('cross-origin-opener-policy', 'same-origin');
}

function send(c: Context, a: Asset, cache: string): Response {
  securityHeaders(c);
  c.header('cache-control', cache);
  c.header('etag', a.etag);
  if (c.req.header('if-none-match') === a.etag) return c.body(null, 304);
  c.header('content-type', a.type);
  return c.body(a.body, 200);
}

/**
 * Where the built console is, seen from this module (`from`): beside the one-file daemon bundle
 * (`dist/serve.mjs` → `dist/web`), above the compiled module (`dist/server/console.js` → `dist/web`), or, when
 * running from the sources, the repository's `dist/web`. The first that holds an `index.html` wins; when none
 * does, the first candidate (so the console answers 503 "not built" rather than failing the gate's start).
 */
export function defaultConsoleDir(from: string = import.meta.url): string {
  const candidates = ['./web/', '../web/', '../../dist/web/'].map((rel) =>
    fileURLToPath(new URL(rel, from)),
  );
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0] ?? '';
}

/**
 * Serve the console built into `assetsDir` (normally `dist/web`) on `app`: the page at every console path and
 * the hashed files under `/assets/`. When the console has not been built, those paths answer 503 with how to
 * build it; the API is unaffected. Signed notification links keep their own small page (`links.ts`), which
 * points to `/approvals/:id` here.
 */
export function mountConsole<E extends Env>(app: Hono<E>, opts: { assetsDir: string }): void {
  const built = load(opts.assetsDir);
  if (!built) {
    const missing = (c: Context) => {
      securityHeaders(c);
      return c.text(
        'The Portcullis console is not built. Run `npm run build:web` and restart the gate; the API works without it.\n',
        503,
      );
    };
    for (const p of CONSOLE_PATHS) app.get(p, missing);
    app.get('/assets/:name', missing);
    return;
  }
  const page = (c: Context) => send(c, built.page, PAGE_CACHE);
  for (const p of CONSOLE_PATHS) app.get(p, page);
  app.get('/assets/:name', (c) => {
    const a = built.assets.get(c.req.param('name'));
    if (!a) return c.text('not found\n', 404);
    return send(c, a, ASSET_CACHE);
  });
}
