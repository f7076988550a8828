/** Small building blocks every page uses: data loading, messages, a ticking clock, a two-step button. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { failureCode, failureText } from './api.js';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Load with `fn` whenever `key` changes, and again on `reload()`. An older answer that arrives after a newer one
 * started is dropped, so a slow response never overwrites a fresh one.
 */
export function useLoad<T>(fn: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    const n = ++latest.current;
    setLoading(true);
    fnRef.current().then(
      (d) => {
        if (n !== latest.current) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (n !== latest.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [key, tick]);
  const reload = useCallback(() => {
    setLoading(true);
    setTick((t) => t + 1);
  }, []);
  return { data, error, loading, reload };
}

/** The current time, refreshed every `ms` (ages and countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => {
      setNow(Date.now());
    }, ms);
    return () => {
      clearInterval(t);
    };
  }, [ms]);
  return now;
}

/** Friendlier first lines for the refusals an approver meets; the server's own words follow. */
const EXPLAIN: Record<string, string> = {
  'approval/self-approval': 'You run this agent, so you cannot be one of its approvers.',
  'approval/duplicate-vote': 'You have already voted on this request.',
  'approval/expired': 'This request has expired; the agent must ask again.',
  'approval/not-pending': 'This request is no longer waiting for a decision.',
  'approval/not-in-group': 'Your groups are not among the approvers this request needs.',
  'approval/totp-required': 'This approval needs your TOTP code.',
  'approval/totp-invalid': 'That TOTP code was not accepted.',
  'approval/comment-required': 'Say why you deny: the agent is told your comment.',
  'auth/forbidden': 'Your account may not do this.',
  'auth/csrf': 'This page lost its security token. Log in again.',
  'request/rate-limited': 'Too many requests; wait a moment and try again.',
};

/** A refusal shown where it happened, announced to screen readers. */
export function ErrorNote({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const code = failureCode(error);
  const lead = EXPLAIN[code];
  return (
    <div class="note error" role="alert" data-code={code}>
      {lead && <strong>{lead} </strong>}
      <span>{failureText(error)}</span>
      {code && <code class="code">{code}</code>}
    </div>
  );
}

export function Note({
  kind,
  children,
}: {
  kind: 'ok' | 'info' | 'warn';
  children: ComponentChildren;
}) {
  return (
    <div class={`note ${kind}`} role="status">
      {children}
    </div>
  );
}

/** A button that asks "are you sure?" in place, by a second click on a differently labelled button. */
export function ConfirmButton(props: {
  label: string;
  confirm: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return (
      <button
        type="button"
        class={props.danger ? 'danger' : undefined}
        disabled={props.disabled}
        onClick={() => {
          setArmed(true);
        }}
      >
        {props.label}
      </button>
    );
  }
  return (
    <span class="confirm">
      <button
        type="button"
        class={props.danger ? 'danger' : 'primary'}
        disabled={props.disabled}
        onClick={() => {
          setArmed(false);
          props.onConfirm();
        }}
      >
        {props.confirm}
      </button>
      <button
        type="button"
        onClick={() => {
          setArmed(false);
        }}
      >
        Cancel
      </button>
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

/** A one-time secret (a token) shown once, selectable, with a copy button where the browser allows it. */
export function Secret({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="secret">
      <label>
        {label} <span class="muted">(shown once: copy it now)</span>
        <textarea
          readOnly
          rows={3}
          value={value}
          onFocus={(e) => {
            e.currentTarget.select();
          }}
        />
      </label>
      {'clipboard' in navigator && (
        <button
          type="button"
          onClick={() => {
            navigator.clipboard.writeText(value).then(
              () => {
                setCopied(true);
              },
              () => undefined,
            );
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      )}
    </div>
  );
}
