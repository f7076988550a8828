/**
 * The one way the console talks to the gate: the same public JSON API as the CLI. The session is an HttpOnly
 * cookie the page never sees; the CSRF token that must accompany every non-GET request is kept in localStorage so
 * that a reload or a second tab (a link from a notification) can still vote. Every failure becomes an
 * {@link ApiFailure} carrying the API's stable code, so pages react to codes and show the server's words.
 */

const CSRF_KEY = 'portcullis.csrf';

/** A refusal or fault from the API (or the network), with the stable code. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrf = readCsrf();
let onSignedOut: () => void = () => undefined;

function readCsrf(): string {
  try {
    return localStorage.getItem(CSRF_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Remember (or forget, with '') the CSRF token of this browser's session. */
export function setCsrf(value: string): void {
  csrf = value;
  try {
    if (value === '') localStorage.removeItem(CSRF_KEY);
    else localStorage.setItem(CSRF_KEY, value);
  } catch {
    // Storage disabled: the token lives as long as the page.
  }
}

export function hasCsrf(): boolean {
  return csrf !== '';
}

/** Called when the API says the session is gone, so the app can show the login form. */
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

/** Call the API; resolve with the parsed JSON body or reject with an {@link ApiFailure}. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrf;
  const init: RequestInit = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiFailure(0, 'network', 'The gate cannot be reached. Check the connection.');
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const err = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    const code = err?.code ?? `http/${res.status}`;
    if (code === 'auth/required' || code === 'auth/invalid-token') onSignedOut();
    throw new ApiFailure(res.status, code, err?.message ?? `HTTP ${res.status}`);
  }
  if (parsed === undefined) throw new ApiFailure(res.status, 'internal', 'the answer was not JSON');
  return parsed as T;
}

/** The message to show for a failure (anything thrown). */
export function failureText(err: unknown): string {
  if (err instanceof ApiFailure) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/** The code of a failure, or '' when it is not an API failure. */
export function failureCode(err: unknown): string {
  return err instanceof ApiFailure ? err.code : '';
}

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}
