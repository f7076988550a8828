/**
 * Approve or deny one request. A comment is required to deny (the agent is told it); the TOTP field appears when
 * the gate answers `approval/totp-required`, and the vote is resent with the code. The gate enforces every rule;
 * this form only shows its refusals.
 */
import { useRef, useState } from 'preact/hooks';
import { api, failureCode } from './api.js';
import type { ApprovalView } from './types.js';
import { ErrorNote } from './ui.js';

/** Refusals that mean the page is out of date: the request moved on (expired, decided) meanwhile. */
const STALE = new Set(['approval/expired', 'approval/not-pending']);

export function VoteForm(props: {
  id: string;
  onVoted: (a: ApprovalView) => void;
  /** The request is no longer open: the page reloads and shows why. */
  onStale: (err: unknown) => void;
}) {
  const { id, onVoted } = props;
  const [comment, setComment] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<HTMLInputElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);

  const vote = async (kind: 'approve' | 'deny') => {
    setError(undefined);
    const text = comment.trim();
    if (kind === 'deny' && text === '') {
      setMissing(true);
      commentRef.current?.focus();
      return;
    }
    setMissing(false);
    setBusy(true);
    try {
      const body =
        kind === 'deny'
          ? { comment: text }
          : { ...(text ? { comment: text } : {}), ...(needTotp && totp ? { totp } : {}) };
      const r = await api<{ approval: ApprovalView }>(
        'POST',
        `/v1/approvals/${encodeURIComponent(id)}/${kind}`,
        body,
      );
      setTotp('');
      onVoted(r.approval);
    } catch (err) {
      const code = failureCode(err);
      if (STALE.has(code)) {
        props.onStale(err);
        return;
      }
      if (code === 'approval/totp-required' || code === 'approval/totp-invalid') {
        setNeedTotp(true);
        setTotp('');
        setTimeout(() => totpRef.current?.focus(), 0);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="vote card"
      aria-labelledby="vote-title"
      onSubmit={(e) => {
        e.preventDefault();
        void vote('approve');
      }}
    >
      <h2 id="vote-title">Your decision</h2>
      <label>
        Comment <span class="muted">(required to deny; the agent is told it)</span>
        <textarea
          ref={commentRef}
          name="comment"
          rows={3}
          maxLength={2000}
          aria-invalid={missing}
          aria-describedby={missing ? 'comment-missing' : undefined}
          value={comment}
          onInput={(e) => {
            setComment(e.currentTarget.value);
            if (missing) setMissing(false);
          }}
        />
      </label>
      {missing && (
        <p id="comment-missing" class="field-error" role="alert">
          Write a comment to deny: the agent is told why.
        </p>
      )}
      {needTotp && (
        <label>
          TOTP code
          <input
            ref={totpRef}
            name="totp"
            inputMode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6,8}"
            value={totp}
            onInput={(e) => {
              setTotp(e.currentTarget.value.trim());
            }}
          />
        </label>
      )}
      <ErrorNote error={error} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy}>
          Approve
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void vote('deny')}>
          Deny
        </button>
      </div>
    </form>
  );
}
