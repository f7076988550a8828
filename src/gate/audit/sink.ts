/**
 * Ships audit events to a webhook (DESIGN.md §6) so a copy lives outside the gate's own store: an attacker who
 * owns the gate's host can stop new events, but not rewrite the ones already delivered.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEvent } from '../../store/store.js';
import { canonicalJson } from './jcs.js';

/** The header carrying `sha256=<hex HMAC-SHA256 of the raw body>` when a secret is configured. */
export const SIGNATURE_HEADER = 'x-portcullis-signature';
/** Attempts per batch (the first and two retries). */
export const WEBHOOK_TRIES = 3;

export interface WebhookSinkOptions {
  /** http(s) URL the batches are POSTed to. */
  url: string;
  /** Shared secret for the body HMAC; without it the receiver cannot tell our deliveries from anyone's. */
  secret?: string;
  /** Per-attempt timeout (default 5000 ms). */
  timeoutMs?: number;
  /** Delay before the first retry, doubled before the next (default 500 ms). */
  retryDelayMs?: number;
  /** For tests and custom transports; the global fetch by default. */
  fetch?: typeof fetch;
}

/** A delivery that failed for good; `status` is the last HTTP status, when there was one. */
export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'WebhookError';
  }
}

/** Statuses worth another try: the receiver is down, overloaded or slow, not refusing. */
function retryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * POSTs `{"events":[…]}` (canonical JSON) with, when a secret is set, `x-portcullis-signature: sha256=<hex>` —
 * the HMAC-SHA256 of the exact body bytes, which receivers should check with a constant-time compare.
 *
 * Up to {@link WEBHOOK_TRIES} attempts with exponential backoff on network errors, timeouts, 5xx, 408 and 429;
 * any other status (4xx, and 3xx since redirects are never followed: a redirect would re-send the audit trail to
 * a host nobody configured) fails at once. `send` rejects with a {@link WebhookError} when delivery failed, so the
 * caller can keep the batch and try later. Error messages never include the URL, which may carry a token.
 */
export class WebhookSink {
  readonly #url: string;
  readonly #secret: string | undefined;
  readonly #timeoutMs: number;
  readonly #retryDelayMs: number;
  readonly #fetch: typeof fetch;

  constructor(opts: WebhookSinkOptions) {
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new TypeError('the audit webhook URL is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new TypeError('the audit webhook URL must be http or https');
    }
    if (opts.secret !== undefined && opts.secret.length < 16) {
      throw new TypeError('the audit webhook secret must be at least 16 characters');
    }
    const timeoutMs = opts.timeoutMs ?? 5000;
    const retryDelayMs = opts.retryDelayMs ?? 500;
    if (!(timeoutMs > 0) || !(retryDelayMs >= 0)) throw new TypeError('bad webhook timing options');
    this.#url = url.href;
    this.#secret = opts.secret;
    this.#timeoutMs = timeoutMs;
    this.#retryDelayMs = retryDelayMs;
    this.#fetch = opts.fetch ?? fetch;
  }

  /** Delivers one batch (nothing to do for an empty one); rejects with {@link WebhookError} after the last try. */
  async send(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const body = canonicalJson({ events });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'portcullis-audit',
    };
    if (this.#secret !== undefined) {
      const mac = createHmac('sha256', this.#secret).update(body, 'utf8').digest('hex');
      headers[SIGNATURE_HEADER] = `sha256=${mac}`;
    }
    let last: WebhookError | undefined;
    for (let attempt = 1; attempt <= WEBHOOK_TRIES; attempt++) {
      if (attempt > 1) await sleep(this.#retryDelayMs * 2 ** (attempt - 2));
      let status: number;
      try {
        const res = await this.#fetch(this.#url, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
        status = res.status;
        // Release the connection; the receiver's answer carries nothing we use.
        await res.body?.cancel().catch(() => undefined);
      } catch (err) {
        last = new WebhookError(`audit webhook unreachable (try ${attempt})`, undefined, {
          cause: err,
        });
        continue;
      }
      if (status >= 200 && status < 300) return;
      last = new WebhookError(`audit webhook answered ${status} (try ${attempt})`, status);
      if (!retryable(status)) throw last;
    }
    throw last ?? new WebhookError('audit webhook delivery failed');
  }
}
