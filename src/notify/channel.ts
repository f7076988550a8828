/**
 * The seam every notification channel implements, its error, and the one HTTP POST they share: bounded in time,
 * no redirects, a capped response read, and errors that name the channel and status but never a URL (Slack and
 * Discord webhook URLs and Telegram's bot path are themselves secrets).
 */
import type { Risk } from '../analyze/types.js';
import type { ApprovalNotice } from './message.js';

export const CHANNEL_TYPES = [
  'ntfy',
  'gotify',
  'slack',
  'discord',
  'telegram',
  'webhook',
  'email',
] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** `desk` channels hear of a request at once; `phone` channels after `escalateAfter` (or at once without it). */
export type Stage = 'desk' | 'phone';

/** A notification channel: renders a notice in its own format and delivers it, or throws `NotifyError`. */
export interface Notifier {
  readonly name: string;
  readonly type: ChannelType;
  /** Which risks this channel is told about. */
  readonly risks: readonly Risk[];
  readonly stage: Stage;
  send(n: ApprovalNotice, signal?: AbortSignal): Promise<void>;
}

/** What the channels' config has in common once parsed (see schema.ts). */
export interface ChannelCommon {
  name: string;
  risks: Risk[];
  stage: Stage;
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 5000;

export type NotifyErrorCode =
  /** The receiver answered with a status other than 2xx. */
  | 'notify/http'
  /** The receiver answered 2xx but said no (Telegram's `ok: false`). */
  | 'notify/rejected'
  /** No answer within the channel's timeout. */
  | 'notify/timeout'
  /** The caller's signal aborted the send. */
  | 'notify/aborted'
  /** Could not connect, or the connection broke. */
  | 'notify/network'
  /** The SMTP server refused or failed. */
  | 'notify/smtp'
  /** A channel threw something other than NotifyError (a bug). */
  | 'notify/internal';

/** A channel failed to deliver. The message names the channel and status; it never holds a URL or secret. */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  readonly code: NotifyErrorCode;
  readonly channel: string;
  /** HTTP status, or the SMTP reply code. */
  readonly status: number | undefined;

  constructor(code: NotifyErrorCode, channel: string, detail: string, status?: number) {
    super(`notify channel "${channel}": ${detail}`);
    this.code = code;
    this.channel = channel;
    this.status = status;
  }
}

/**
 * A signal that aborts after `timeoutMs` or when `signal` does, and a way to tell which happened afterwards
 * (a timeout and a caller's cancellation are different failures).
 */
export function deadline(
  timeoutMs: number,
  signal?: AbortSignal,
): { signal: AbortSignal; timedOut: () => boolean } {
  const timer = AbortSignal.timeout(timeoutMs);
  const combined = signal === undefined ? timer : AbortSignal.any([timer, signal]);
  return { signal: combined, timedOut: () => timer.aborted && signal?.aborted !== true };
}

/** The error for a send that ended early: a timeout, the caller's abort, or a network failure. */
export function failure(
  channel: string,
  err: unknown,
  timedOut: boolean,
  aborted: boolean,
): NotifyError {
  if (err instanceof NotifyError) return err;
  if (timedOut) return new NotifyError('notify/timeout', channel, 'timed out');
  if (aborted) return new NotifyError('notify/aborted', channel, 'aborted');
  // Only the system error code (ECONNREFUSED, ENOTFOUND...): undici's messages can carry the address.
  const cause: unknown = err instanceof Error ? err.cause : undefined;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
      ? ` (${cause.code})`
      : '';
  return new NotifyError('notify/network', channel, `could not deliver${code}`);
}

const RESPONSE_MAX = 64 * 1024;
// A receiver's error text is shown only when it is a plain phrase ("invalid_payload", "Bad Request: chat not
// found"): anything with a slash or a query could be an echoed URL or token.
const SAFE_DETAIL = /^[\w .,:;'"()-]{1,160}$/;

/** A receiver's explanation, if it is safe to show. */
export function safeDetail(text: string): string | undefined {
  const t = text.trim();
  return SAFE_DETAIL.test(t) ? t : undefined;
}

async function readCapped(res: Response): Promise<string> {
  if (res.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= RESPONSE_MAX) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_MAX);
}

export interface PostOptions {
  channel: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  headers?: Readonly<Record<string, string>>;
  /** Pull an explanation out of an error body (e.g. Telegram's `description`). */
  explain?: (body: string) => string | undefined;
}

/**
 * POST `body` (already serialised, so a signature can cover the exact bytes) and return the response text.
 * Throws `NotifyError` on a non-2xx status, a timeout, an abort or a network failure. Redirects are refused:
 * a notification with signed links must not be forwarded to wherever a 3xx points.
 */
export async function post(url: string, body: string, o: PostOptions): Promise<string> {
  const d = deadline(o.timeoutMs, o.signal);
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...o.headers },
      redirect: 'error',
      signal: d.signal,
    });
    const text = await readCapped(res);
    if (res.status < 200 || res.status > 299) {
      const why = (o.explain ?? safeDetail)(text);
      const detail = `HTTP ${res.status}${why === undefined ? '' : `: ${why}`}`;
      throw new NotifyError('notify/http', o.channel, detail, res.status);
    }
    return text;
  } catch (err) {
    throw failure(o.channel, err, d.timedOut(), o.signal?.aborted === true);
  }
}

/** `base` + `path`, keeping any path prefix on the base (a server behind a reverse proxy at /ntfy/). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
