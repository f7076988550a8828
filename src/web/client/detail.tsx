/**
 * One approval: the exact command, what the analyzer found in it, the blast radius in words, the policy's
 * verdict, who has voted (N of M), and the vote form while it is pending. Notification links land here.
 */
import { useCallback, useState } from 'preact/hooks';
import { ActionList, DecisionSummary } from './actions.js';
import { failureCode } from './api.js';
import {
  blastRadius,
  duration,
  effectiveStatus,
  EnvChip,
  RiskBadge,
  StatusBadge,
  timeLeft,
  when,
} from './format.js';
import { useLive } from './live.js';
import { fetchDetail } from './requests.js';
import { Link } from './router.js';
import { ShellCommand } from './shell-words.js';
import type { ApprovalView, RequestData } from './types.js';
import { ErrorNote, Loading, Note, useLoad, useNow } from './ui.js';
import { VoteForm } from './vote.js';

/** The request as text an approver can read: the command itself, or the tool call with its arguments. */
function requestText(r: RequestData): string {
  if (r.kind === 'shell') return r.command ?? '';
  if (r.kind === 'file') return `${r.tool ?? 'file'} ${r.op ?? ''} ${(r.paths ?? []).join(' ')}`;
  if (r.kind === 'mcp')
    return `${r.server ?? '?'}.${r.tool ?? '?'} ${JSON.stringify(r.args ?? {}, null, 2)}`;
  return `${r.tool ?? '?'} ${JSON.stringify(r.input ?? {}, null, 2)}`;
}

function Progress({ a }: { a: ApprovalView }) {
  const n = a.approvedBy.length;
  return (
    <section class="card" aria-labelledby="votes-title">
      <h2 id="votes-title">Approvals</h2>
      <p class="progress-line">
        <progress max={a.required} value={n} aria-label="approvals so far" />
        <strong class="votes-count">
          {n}/{a.required}
        </strong>{' '}
        approvals{n > 0 ? `: ${a.approvedBy.join(', ')}` : ''}
      </p>
      {a.deniedBy.length > 0 && <p>Denied by {a.deniedBy.join(', ')}</p>}
      {a.comments.length > 0 && (
        <ul class="comments">
          {a.comments.map((c, i) => (
            <li key={i}>
              <strong>{c.approver}</strong> ({c.vote}): {c.comment}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Detail({ id }: { id: string }) {
  const d = useLoad(() => fetchDetail(id), id);
  const { reload } = d;
  const [stale, setStale] = useState<unknown>(undefined);
  useLive(
    useCallback(
      (kind: string, ev: string) => {
        if (kind === 'approval' && (ev === '' || ev === id)) reload();
      },
      [id, reload],
    ),
  );
  const now = useNow(1000);
  if (d.error !== undefined && !d.data) {
    return (
      <>
        <h1>Request {id}</h1>
        {failureCode(d.error) === 'approval/not-found' ? (
          <Note kind="warn">There is no request {id}.</Note>
        ) : (
          <ErrorNote error={d.error} />
        )}
        <p>
          <Link href="/">Back to the queue</Link>
        </p>
      </>
    );
  }
  if (!d.data) return <Loading what="the request" />;
  const { approval: a, request: r, decision } = d.data;
  const status = effectiveStatus(a, now);
  return (
    <div class="detail" aria-busy={d.loading ? 'true' : 'false'}>
      <p class="crumbs">
        <Link href="/">← Queue</Link>
      </p>
      <h1>
        {a.agent} wants to run
        <span class="sr-only"> ({a.id})</span>
      </h1>
      <div class="row-meta">
        <RiskBadge risk={a.risk} />
        <EnvChip env={a.env} />
        <StatusBadge status={status} />
        <span class="muted">asked {duration(now - Date.parse(a.createdAt))} ago</span>
        <span class="left">
          {status === 'pending' ? timeLeft(a, now) : `expires ${when(a.expiresAt)}`}
        </span>
      </div>
      <ShellCommand text={requestText(r)} label="the exact request" />
      <dl class="facts">
        <dt>Working directory</dt>
        <dd>
          <code>{r.cwd ?? '?'}</code>
        </dd>
        {r.session !== undefined && (
          <>
            <dt>Session</dt>
            <dd>
              <code>{r.session}</code>
            </dd>
          </>
        )}
        <dt>Request id</dt>
        <dd>
          <code>{a.id}</code>
        </dd>
      </dl>
      <section class="card blast" aria-labelledby="blast-title">
        <h2 id="blast-title">Blast radius</h2>
        {blastRadius(decision.actions, r.cwd).map((s) => (
          <p key={s}>{s}</p>
        ))}
        <DecisionSummary d={decision} />
      </section>
      <Progress a={a} />
      <ErrorNote error={stale} />
      {status === 'pending' ? (
        <VoteForm
          id={a.id}
          onVoted={reload}
          onStale={(err) => {
            setStale(err);
            reload();
          }}
        />
      ) : (
        <Note kind="info">
          {status === 'expired'
            ? 'This request has expired and can no longer be approved; the agent must ask again.'
            : `This request is ${status}; there is nothing left to decide.`}
        </Note>
      )}
      <section class="card" aria-labelledby="actions-title">
        <h2 id="actions-title">What the analyzer found</h2>
        <ActionList actions={decision.actions} />
      </section>
    </div>
  );
}
