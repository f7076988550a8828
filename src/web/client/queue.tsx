/**
 * The approvals queue: every request waiting for a human, live (each `approval` event refetches the list, and a
 * slow poll catches expiries, which make no event). Filters narrow what is shown; requests from one agent
 * session can be approved together, naming exactly the ids on screen.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import { useEffect } from 'preact/hooks';
import { api, query } from './api.js';
import { duration, effectiveStatus, EnvChip, RiskBadge, StatusBadge, timeLeft } from './format.js';
import { useLive } from './live.js';
import { useRequests } from './requests.js';
import { Link } from './router.js';
import type { ApprovalView, RequestData } from './types.js';
import { ConfirmButton, ErrorNote, Loading, Note, useLoad, useNow } from './ui.js';

type View = 'open' | 'decided' | 'all';
interface Filters {
  view: View;
  agent: string;
  risk: string;
  env: string;
  q: string;
}
const STATUS_OF: Record<View, string | undefined> = {
  // Expired ones stay in view for a while, marked, rather than vanishing when the sweeper moves them.
  open: 'pending,expired',
  decided: 'approved,denied,expired,consumed',
  all: undefined,
};
const RISKS = ['catastrophic', 'high', 'low', 'none'];
const POLL_MS = 30_000;
/** Open requests whose cwd and session the queue looks up (within the API's per-session rate limit). */
const MAX_DETAILS = 50;
/** How long an expired request stays in the open view. */
const RECENT_MS = 3_600_000;

function matches(a: ApprovalView, f: Filters, req: RequestData | undefined, now: number): boolean {
  if (f.view === 'open' && a.status === 'expired' && now - Date.parse(a.expiresAt) > RECENT_MS)
    return false;
  if (f.agent && a.agent !== f.agent) return false;
  if (f.risk && a.risk !== f.risk) return false;
  if (f.env && a.env !== f.env) return false;
  const q = f.q.trim().toLowerCase();
  if (q === '') return true;
  const hay = [a.id, a.agent, a.summary, req?.cwd ?? '', req?.session ?? ''].join('\n');
  return hay.toLowerCase().includes(q);
}

function Select(props: {
  label: string;
  value: string;
  options: string[];
  any?: string;
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select
        value={props.value}
        onChange={(e) => {
          props.onChange(e.currentTarget.value);
        }}
      >
        {props.any !== undefined && <option value="">{props.any}</option>}
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

function Row({ a, req, now }: { a: ApprovalView; req: RequestData | undefined; now: number }) {
  const status = effectiveStatus(a, now);
  return (
    <li class={`row status-${status}`} data-id={a.id}>
      <div class="row-meta">
        <RiskBadge risk={a.risk} />
        <EnvChip env={a.env} />
        {status !== 'pending' && <StatusBadge status={status} />}
        <span class="agent">{a.agent}</span>
        <span class="muted">{duration(now - Date.parse(a.createdAt))} ago</span>
        {status === 'pending' && <span class="left">{timeLeft(a, now)}</span>}
        <span class="votes" title="approvals so far / required">
          {a.approvedBy.length}/{a.required}
        </span>
      </div>
      <Link href={`/approvals/${a.id}`} class="row-cmd">
        <code>{a.summary}</code>
      </Link>
      {req && (
        <div class="muted small">
          in {req.cwd ?? '?'}
          {req.session !== undefined && <> · session {req.session}</>}
        </div>
      )}
    </li>
  );
}

/** The outcome of a bulk vote, kept by the queue: the bar that cast it goes away once nothing is open. */
interface BulkOutcome {
  session: string;
  text: string;
}

function BulkBar(props: {
  session: string;
  ids: string[];
  onDone: (o: BulkOutcome) => void;
  onError: (err: unknown) => void;
}) {
  const { session, ids } = props;
  const run = async () => {
    try {
      const r = await api<{ results: { id: string; ok: boolean; error?: { code: string } }[] }>(
        'POST',
        '/v1/approvals/bulk',
        { vote: 'approve', ids },
      );
      const ok = r.results.filter((x) => x.ok).length;
      const refused = r.results.filter((x) => !x.ok).map((x) => `${x.id}: ${x.error?.code ?? '?'}`);
      const rest =
        refused.length > 0 ? `; refused: ${refused.join(', ')} (decide those one by one)` : '';
      props.onDone({ session, text: `Session ${session}: ${ok} approved${rest}.` });
    } catch (err) {
      props.onError(err);
    }
  };
  return (
    <div class="bulk" data-session={session}>
      <span>
        Session <code>{session}</code>: {ids.length} open requests
      </span>
      <ConfirmButton
        label={`Approve all ${ids.length}`}
        confirm={`Confirm: approve ${ids.length} requests`}
        onConfirm={() => void run()}
      />
    </div>
  );
}

export function Queue() {
  const [f, setF] = useState<Filters>({ view: 'open', agent: '', risk: '', env: '', q: '' });
  const [bulkOutcome, setBulkOutcome] = useState<BulkOutcome | undefined>();
  const [bulkError, setBulkError] = useState<unknown>(undefined);
  const set = (k: keyof Filters) => (v: string) => {
    setF((old) => ({ ...old, [k]: v }));
  };
  const list = useLoad(
    () =>
      api<{ approvals: ApprovalView[] }>(
        'GET',
        `/v1/approvals${query({ status: STATUS_OF[f.view], limit: 200 })}`,
      ),
    f.view,
  );
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { reload } = list;
  useLive(
    useCallback(
      (kind) => {
        if (kind !== 'approval') return;
        clearTimeout(timer.current);
        timer.current = setTimeout(reload, 100);
      },
      [reload],
    ),
  );
  useEffect(() => {
    const t = setInterval(reload, POLL_MS);
    return () => {
      clearInterval(t);
    };
  }, [reload]);
  const now = useNow(1000);
  const all = list.data?.approvals ?? [];
  // The open ones only (their session offers bulk approval), and not too many: each is one request to the API.
  const reqs = useRequests(
    all
      .filter((a) => a.status === 'pending')
      .slice(0, MAX_DETAILS)
      .map((a) => a.id),
  );
  const shown = all.filter((a) => matches(a, f, reqs.get(a.id), now));
  const agents = [...new Set(all.map((a) => a.agent))].sort();
  const envs = [...new Set(all.map((a) => a.env))].sort();

  const sessions = new Map<string, string[]>();
  if (f.view !== 'decided') {
    for (const a of shown) {
      const s = a.session ?? reqs.get(a.id)?.session;
      if (s === undefined || effectiveStatus(a, now) !== 'pending') continue;
      sessions.set(s, [...(sessions.get(s) ?? []), a.id]);
    }
  }
  const bulk = [...sessions].filter(([, ids]) => ids.length >= 2);

  return (
    <>
      <h1>Approvals</h1>
      <form
        class="filters"
        role="search"
        aria-label="Filter requests"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <Select
          label="Show"
          value={f.view}
          options={['open', 'decided', 'all']}
          onChange={set('view')}
        />
        <Select label="Agent" value={f.agent} options={agents} any="any" onChange={set('agent')} />
        <Select label="Risk" value={f.risk} options={RISKS} any="any" onChange={set('risk')} />
        <Select label="Environment" value={f.env} options={envs} any="any" onChange={set('env')} />
        <label class="grow">
          Search
          <input
            type="search"
            value={f.q}
            placeholder="command, agent, cwd, session"
            onInput={(e) => {
              set('q')(e.currentTarget.value);
            }}
          />
        </label>
      </form>
      <ErrorNote error={list.error} />
      {bulk.map(([s, ids]) => (
        <BulkBar
          key={s}
          session={s}
          ids={ids}
          onDone={(o) => {
            setBulkError(undefined);
            setBulkOutcome(o);
            reload();
          }}
          onError={setBulkError}
        />
      ))}
      {bulkOutcome && (
        <Note kind="ok">
          <span data-session={bulkOutcome.session}>{bulkOutcome.text}</span>
        </Note>
      )}
      <ErrorNote error={bulkError} />
      <p class="count" aria-live="polite">
        {list.data
          ? `${shown.length} ${f.view === 'open' ? 'open' : ''} request${shown.length === 1 ? '' : 's'}`
          : ''}
      </p>
      {list.loading && !list.data ? (
        <Loading what="requests" />
      ) : shown.length === 0 ? (
        <p class="empty">
          {f.view === 'open' && all.length === 0
            ? 'Nothing is waiting for you.'
            : 'No request matches.'}
        </p>
      ) : (
        <ul class="queue" aria-label="Requests">
          {shown.map((a) => (
            <Row key={a.id} a={a} req={reqs.get(a.id)} now={now} />
          ))}
        </ul>
      )}
    </>
  );
}
