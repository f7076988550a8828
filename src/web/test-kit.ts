/**
 * Test harness for the console in a real browser: the console built into a temp dir, a gate on 127.0.0.1 (port
 * 0) with an in-memory store, a clock the test can move, the API console mounted beside the API, humans with
 * known passwords, and Debian's Chromium driven by playwright-core. Commands are data the gate judges; nothing
 * here executes them.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWeb, type WebBuild } from '../../scripts/build-web.mjs';
import { addHuman } from '../gate/accounts.js';
import { addAgent } from '../gate/agent-tokens.js';
import type { GateContext } from '../gate/context.js';
import { newTotpSecret, totpCode } from '../identity/totp.js';
import type { Notifier } from '../notify/channel.js';
import { createApp } from '../server/app.js';
import { mountConsole } from '../server/console.js';
import { makeTestContext, type TestContextOptions } from '../server/test-context.js';
import type { Scope } from '../store/store.js';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Skip the browser suites only on a developer machine without Chromium; under CI (`CI` set) a missing browser
 * must fail the run, never pass it silently.
 */
export const SKIP_BROWSER = !existsSync(CHROMIUM) && !process.env.CI;
export const SKIP_REASON = `${CHROMIUM} is missing (install Debian's chromium package); CI fails instead of skipping`;

/** Per step: long enough for a cold Chromium, short enough that a hang fails fast. */
export const STEP_MS = 8000;

let built: Promise<WebBuild & { dir: string }> | undefined;

/** Build the console once per test file into a temp dir (each vitest fork has its own). */
export function buildOnce(): Promise<WebBuild & { dir: string }> {
  built ??= mkdtemp(join(tmpdir(), 'portcullis-web-')).then(async (dir) => ({
    ...(await buildWeb(dir)),
    dir,
  }));
  return built;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
  text: string;
}

export interface ConsoleGate {
  ctx: GateContext;
  url: string;
  /** Move the gate's clock (not the browser's) forward. */
  advance(ms: number): void;
  call(
    method: string,
    path: string,
    o?: { auth?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Reply>;
  close(): Promise<void>;
}

/** A gate with the console mounted, listening on 127.0.0.1 on a free port. */
export async function startConsoleGate(
  opts: TestContextOptions & { notifiers?: readonly Notifier[] } = {},
): Promise<ConsoleGate> {
  const web = await buildOnce();
  let offset = 0;
  const { notifiers, ...contextOpts } = opts;
  const ctx: GateContext = {
    ...(await makeTestContext({ ...contextOpts, now: () => Date.now() + offset })),
    ...(notifiers ? { notifiers } : {}),
  };
  const app = createApp(ctx);
  mountConsole(app, { assetsDir: web.dir });
  const server = await new Promise<{ url: string; server: Server }>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
      resolve({ url: `http://127.0.0.1:${info.port}`, server: s });
    }) as Server;
    s.once('error', reject);
  });
  const call: ConsoleGate['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.auth !== undefined) headers.authorization = `Bearer ${o.auth}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(server.url + path, {
      method,
      headers,
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: res.status, headers: res.headers, body, text };
  };
  return {
    ctx,
    url: server.url,
    advance(ms) {
      offset += ms;
    },
    call,
    async close() {
      await new Promise<void>((done) => {
        server.server.close(() => {
          done();
        });
        server.server.closeAllConnections();
      });
      await ctx.close();
    },
  };
}

export interface Person {
  name: string;
  password: string;
  /** Base32 TOTP secret when enrolled. */
  totp?: string;
}

/** A human with a known password (the one-time-password change is skipped), optionally with TOTP. */
export async function addPerson(
  g: ConsoleGate,
  name: string,
  opts: { role?: 'admin' | 'approver'; totp?: boolean; mustChange?: boolean } = {},
): Promise<Person> {
  const { password } = await addHuman(g.ctx, 'gate', {
    name,
    role: opts.role ?? 'approver',
    groups: ['sre'],
  });
  const totp = opts.totp ? newTotpSecret() : undefined;
  await g.ctx.store.updateHuman(name, {
    mustChangePassword: opts.mustChange ?? false,
    ...(totp ? { totpSecret: totp } : {}),
  });
  return { name, password, ...(totp ? { totp } : {}) };
}

/** The current TOTP code of a person, by the gate's clock. */
export function codeFor(g: ConsoleGate, p: Person): string {
  if (!p.totp) throw new Error(`${p.name} has no TOTP`);
  return totpCode(p.totp, g.ctx.now());
}

/** Register an agent and return its token. */
export async function addAgentToken(
  g: ConsoleGate,
  name: string,
  opts: { operator?: string; scope?: Scope } = {},
): Promise<string> {
  const r = await addAgent(g.ctx, 'gate', {
    name,
    scope: opts.scope ?? {},
    ...(opts.operator ? { operator: opts.operator } : {}),
  });
  return r.token;
}

/** A shell request body for `/v1/decide`: judged by the gate, never run. */
export function shellRequest(
  command: string,
  cwd = '/home/dev/repo',
  session?: string,
): { request: Record<string, unknown> } {
  return {
    request: { kind: 'shell', command, cwd, agent: 'claude-code', ...(session ? { session } : {}) },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile (own cookies and storage) with a page, bounded waits and a viewport. */
export async function newPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  return { context, page };
}

/** Log in through the form (with the TOTP step when the person has one) and wait for the signed-in header. */
export async function login(page: Page, g: ConsoleGate, who: Person, path = '/'): Promise<void> {
  await page.goto(g.url + path);
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  if (who.totp) {
    await page.getByLabel('TOTP code').fill(codeFor(g, who));
    await page.getByRole('button', { name: 'Log in' }).click();
  }
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** Remove a temp build dir (best effort). */
export async function removeBuild(): Promise<void> {
  if (!built) return;
  const { dir } = await built;
  await rm(dir, { recursive: true, force: true });
  built = undefined;
}

/** Follow a link of the main navigation. */
export async function goNav(page: Page, name: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name, exact: true })
    .click();
}

/**
 * What `page.evaluate` callbacks reach inside the page. The root tsconfig has no DOM types, and the callbacks
 * are serialised into the page, so they name these through `globalThis as unknown as PageGlobals` (the cast
 * is erased before serialising).
 */
export interface PageGlobals {
  localStorage: { setItem(key: string, value: string): void };
  document: { activeElement: unknown; documentElement: { scrollWidth: number } };
  innerWidth: number;
  getComputedStyle(el: unknown): { outlineStyle: string };
  marker?: number;
}
