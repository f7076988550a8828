/**
 * The audit timeline: newest first, searchable (text, agent, type, time on the server; verdict, risk and
 * environment on the events loaded, since the API does not filter on those), each event expandable to its full
 * record, with the chain's verification and an export for admins.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import { api, query } from './api.js';
import { when } from './format.js';
import { useLive } from './live.js';
import type { AuditEvent, PublicHuman, VerifyResult } from './types.js';
import { ErrorNote, Loading, useLoad } from './ui.js';

const PAGE = 100;
interface Filters {
  q: string;
  agent: string;
  type: string;
  verdict: string;
  risk: string;
  env: string;
  since: string;
  until: string;
}
const EMPTY: Filters = {
  q: '',
  agent: '',
  type: '',
  verdict: '',
  risk: '',
  env: '',
  since: '',
  until: '',
};

const iso = (local: string): string | undefined =>
  local === '' ? undefined : new Date(local).toISOString();

function dataField(e: AuditEvent, k: string): string {
  const v = e.data[k];
  return typeof v === 'string' ? v : '';
}

function envsOf(e: AuditEvent): string[] {
  const out = [dataField(e, 'env')];
  const actions = e.data.actions;
  if (Array.isArray(actions)) {
    for (const a of actions as { env?: unknown }[]) if (typeof a.env === 'string') out.push(a.env);
  }
  return out.filter((x) => x !== '');
}

function keep(e: AuditEvent, f: Filters): boolean {
  if (f.verdict && dataField(e, 'verdict') !== f.verdict) return false;
  if (f.risk && dataField(e, 'risk') !== f.risk) return false;
  if (f.env && !envsOf(e).includes(f.env)) return false;
  return true;
}

function summary(e: AuditEvent): string {
  const parts = ['verdict', 'risk', 'request', 'approval', 'vote', 'name', 'agent', 'channel']
    .map((k) => dataField(e, k))
    .filter((x) => x !== '');
  return parts.join(' · ');
}

function Verify() {
  const v = useLoad(() => api<VerifyResult>('GET', '/v1/audit/verify'), 'verify');
  let body;
  if (v.error !== undefined) body = <ErrorNote error={v.error} />;
  else if (!v.data) body = <span class="badge">verifying…</span>;
  else if (v.data.ok)
    body = (
      <span class="badge chain-ok">Chain verified: {v.data.count} events, signatures good</span>
    );
  else
    body = (
      <span class="badge chain-broken">
        Chain broken at event {v.data.seq}: {v.data.why}
      </span>
    );
  return (
    <div class="verify" role="status">
      {body}{' '}
      <button type="button" onClick={v.reload}>
        Verify again
      </button>
    </div>
  );
}

function Text(props: {
  label: string;
  value: string;
  type?: string;
  onInput: (v: string) => void;
  options?: string[];
}) {
  if (props.options) {
    return (
      <label>
        {props.label}
        <select
          value={props.value}
          onChange={(e) => {
            props.onInput(e.currentTarget.value);
          }}
        >
          <option value="">any</option>
          {props.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label>
      {props.label}
      <input
        type={props.type ?? 'text'}
        value={props.value}
        onInput={(e) => {
          props.onInput(e.currentTarget.value);
        }}
      />
    </label>
  );
}

export function Audit({ me }: { me: PublicHuman }) {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [f, setF] = useState<Filters>(EMPTY);
  const [older, setOlder] = useState<AuditEvent[]>([]);
  const [more, setMore] = useState<unknown>(undefined);
  const [lastPageFull, setLastPageFull] = useState(false);
  const serverQuery = (before?: number) =>
    `/v1/audit${query({
      q: f.q,
      actor: f.agent ? (f.agent.includes(':') ? f.agent : `agent:${f.agent}`) : undefined,
      type: f.type,
      since: iso(f.since),
      until: iso(f.until),
      before,
      limit: PAGE,
    })}`;
  const list = useLoad(async () => {
    const page = (await api<{ events: AuditEvent[] }>('GET', serverQuery())).events;
    setOlder([]);
    setLastPageFull(page.length >= PAGE);
    return page;
  }, JSON.stringify(f));
  // New events arrive live while the newest page is all that is shown (paging back stops it moving).
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const { reload } = list;
  const paged = older.length > 0;
  useLive(
    useCallback(
      (kind: string) => {
        if (kind !== 'audit' || paged) return;
        clearTimeout(timer.current);
        timer.current = setTimeout(reload, 300);
      },
      [paged, reload],
    ),
  );
  const events = [...(list.data ?? []), ...older];
  const shown = events.filter((e) => keep(e, f));
  const loadOlder = async () => {
    const last = events.at(-1);
    if (!last) return;
    try {
      const r = await api<{ events: AuditEvent[] }>('GET', serverQuery(last.seq));
      setOlder((o) => [...o, ...r.events]);
      setLastPageFull(r.events.length >= PAGE);
    } catch (err) {
      setMore(err);
    }
  };
  const set = (k: keyof Filters) => (v: string) => {
    setDraft((d) => ({ ...d, [k]: v }));
  };
  return (
    <>
      <h1>Audit</h1>
      <Verify />
      {me.role === 'admin' && (
        <p class="export">
          Export the whole chain:{' '}
          <a href="/v1/audit/export?format=jsonl" download="portcullis-audit.jsonl">
            JSONL
          </a>{' '}
          ·{' '}
          <a href="/v1/audit/export?format=syslog" download="portcullis-audit.log">
            syslog (RFC 5424)
          </a>
        </p>
      )}
      <form
        class="filters"
        role="search"
        aria-label="Search the audit trail"
        onSubmit={(e) => {
          e.preventDefault();
          setF(draft);
        }}
      >
        <Text label="Text" value={draft.q} onInput={set('q')} />
        <Text label="Agent" value={draft.agent} onInput={set('agent')} />
        <Text label="Event type" value={draft.type} onInput={set('type')} />
        <Text
          label="Verdict"
          value={draft.verdict}
          onInput={set('verdict')}
          options={['allow', 'ask', 'deny']}
        />
        <Text
          label="Risk"
          value={draft.risk}
          onInput={set('risk')}
          options={['catastrophic', 'high', 'low', 'none']}
        />
        <Text
          label="Environment"
          value={draft.env}
          onInput={set('env')}
          options={['prod', 'staging', 'dev', 'test', 'local', 'unknown']}
        />
        <Text label="From" type="datetime-local" value={draft.since} onInput={set('since')} />
        <Text label="To" type="datetime-local" value={draft.until} onInput={set('until')} />
        <div class="buttons">
          <button type="submit" class="primary">
            Search
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setF(EMPTY);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      <ErrorNote error={list.error} />
      {list.loading && !list.data ? (
        <Loading what="events" />
      ) : (
        <ol class="timeline" aria-label="Audit events">
          {shown.map((e) => (
            <li key={e.seq}>
              <details>
                <summary>
                  <span class="seq">#{e.seq}</span> <time dateTime={e.ts}>{when(e.ts)}</time>{' '}
                  <strong>{e.type}</strong> <span class="actor">{e.actor}</span>{' '}
                  <span class="muted">{summary(e)}</span>
                </summary>
                <pre class="json">{JSON.stringify(e.data, null, 2)}</pre>
                <dl class="facts small">
                  <dt>hash</dt>
                  <dd>
                    <code>{e.hash}</code>
                  </dd>
                  <dt>prev</dt>
                  <dd>
                    <code>{e.prev}</code>
                  </dd>
                  <dt>sig</dt>
                  <dd>
                    <code>{e.sig}</code>
                  </dd>
                </dl>
              </details>
            </li>
          ))}
        </ol>
      )}
      {shown.length === 0 && list.data && <p class="empty">No event matches.</p>}
      {lastPageFull && (
        <button type="button" onClick={() => void loadOlder()}>
          Load older events
        </button>
      )}
      <ErrorNote error={more} />
    </>
  );
}
