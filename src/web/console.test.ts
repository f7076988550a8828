/**
 * The console as the server delivers it (no browser needed): every console path answers the page under a strict
 * CSP, hashed assets are cached for good and the page is revalidated, the API keeps its JSON errors, an unbuilt
 * console says how to build it, and the whole first load stays under its 200 KB budget.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, defaultConsoleDir, mountConsole } from '../server/console.js';
import { buildOnce, removeBuild, startConsoleGate, type ConsoleGate } from './test-kit.js';

/** The first load: index.html plus every asset it references. */
const BUDGET_BYTES = 200 * 1024;

describe('serving the console', () => {
  let g: ConsoleGate;
  beforeAll(async () => {
    g = await startConsoleGate();
  });
  afterAll(async () => {
    await g.close();
    await removeBuild();
  });

  const pagePaths = [
    '/',
    '/login',
    '/approvals/apr_aaaaaaaaaaaaaaaaaaaa',
    '/audit',
    '/agents',
    '/policy',
    '/notifications',
    '/account',
  ];
  for (const path of pagePaths) {
    it(`GET ${path} answers the page with the CSP`, async () => {
      const r = await g.call('GET', path);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('cache-control')).toBe('no-cache');
      expect(r.text).toContain('<div id="app">');
    });
  }

  it('the page loads nothing from elsewhere and nothing inline', async () => {
    const r = await g.call('GET', '/');
    expect(r.text).not.toMatch(/https?:\/\//);
    expect(r.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(r.text).not.toMatch(/<style|style=/);
    expect(CONSOLE_CSP).toContain("default-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe');
  });

  it('hashed assets are cached for good, revalidate with an etag, and unknown names are 404', async () => {
    const page = await g.call('GET', '/');
    const refs = [...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(refs.map((r) => r.replace(/-[0-9a-f]{10}\./, '-HASH.'))).toEqual([
      '/assets/favicon-HASH.svg',
      '/assets/app-HASH.css',
      '/assets/app-HASH.js',
    ]);
    for (const ref of refs) {
      const r = await g.call('GET', ref);
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const etag = r.headers.get('etag') ?? '';
      const again = await g.call('GET', ref, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
    expect((await g.call('GET', '/assets/app-0000000000.js')).status).toBe(404);
    expect((await g.call('GET', '/assets/..%2Findex.html')).status).toBe(404);
  });

  it('the API keeps answering JSON beside it', async () => {
    const r = await g.call('GET', '/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: 'request/not-found' } });
    expect((await g.call('GET', '/v1/me')).body).toMatchObject({
      error: { code: 'auth/required' },
    });
    expect((await g.call('POST', '/v1/links/x.y')).status).toBe(401);
  });

  it(`the first load is under ${BUDGET_BYTES / 1024} KB`, async () => {
    const web = await buildOnce();
    const page = await g.call('GET', '/');
    let total = Buffer.byteLength(page.text);
    for (const m of page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
      const r = await fetch(g.url + (m[1] ?? ''), { signal: AbortSignal.timeout(5000) });
      total += (await r.arrayBuffer()).byteLength;
    }
    expect(total).toBe(web.totalBytes);
    expect(total).toBeLessThan(BUDGET_BYTES);
  });
});

describe('a console that was never built', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portcullis-noweb-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 503 with how to build it, and leaves other routes alone', async () => {
    const app = new Hono();
    mountConsole(app, { assetsDir: join(dir, 'missing') });
    app.get('/healthz', (c) => c.json({ ok: true }));
    const r = await app.request('/approvals/apr_x');
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run build:web');
    expect(r.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect((await app.request('/healthz')).status).toBe(200);
  });
});

describe('finding the built console', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portcullis-layout-'));
    await mkdir(join(dir, 'dist/web'), { recursive: true });
    await mkdir(join(dir, 'dist/server'), { recursive: true });
    await mkdir(join(dir, 'src/server'), { recursive: true });
    await writeFile(join(dir, 'dist/web/index.html'), '<!doctype html>');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const layouts: [string, string, string][] = [
    ['the one-file daemon bundle', 'dist/serve.mjs', 'dist/web'],
    ['the compiled module', 'dist/server/console.js', 'dist/web'],
    ['the sources', 'src/server/console.ts', 'dist/web'],
  ];
  for (const [what, module, expected] of layouts) {
    it(`from ${what} (${module}) it is ${expected}`, () => {
      const found = defaultConsoleDir(pathToFileURL(join(dir, module)).href);
      expect(found.replace(/\/+$/, '')).toBe(join(dir, expected));
    });
  }

  it('with nothing built, the first candidate (which answers 503)', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'portcullis-empty-'));
    const found = defaultConsoleDir(pathToFileURL(join(empty, 'dist/serve.mjs')).href);
    expect(found.replace(/\/+$/, '')).toBe(join(empty, 'dist/web'));
    await rm(empty, { recursive: true, force: true });
  });
});
