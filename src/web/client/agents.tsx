/**
 * Agents and their tokens: list (every human), create and revoke (admins), mint a token for an agent (admins),
 * and narrow a token one holds (anyone: a narrowed token can only do less).
 */
import { useState } from 'preact/hooks';
import { api, failureCode } from './api.js';
import { when } from './format.js';
import { emptyScope, ScopePicker, scopeText, toScope, type ScopeDraft } from './scope-picker.js';
import type { AgentView, PublicHuman, TokenView } from './types.js';
import { ConfirmButton, ErrorNote, Loading, Note, Secret, useLoad } from './ui.js';

interface Minted {
  token: string;
  claims: { jti: string; exp?: number };
}

function TtlField({ value, onInput }: { value: string; onInput: (v: string) => void }) {
  return (
    <label>
      Lifetime <span class="muted">(e.g. 8h, 7d; empty: the default)</span>
      <input name="ttl" value={value} onInput={(e) => { onInput(e.currentTarget.value.trim()); }} />
    </label>
  );
}

function CreateAgent({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [operator, setOperator] = useState('');
  const [ttl, setTtl] = useState('');
  const [scope, setScope] = useState<ScopeDraft>(emptyScope);
  const [made, setMade] = useState<Minted | undefined>();
  const [error, setError] = useState<unknown>(undefined);
  const submit = async () => {
    setError(undefined);
    try {
      const body = {
        name,
        scope: toScope(scope),
        ...(operator ? { operator } : {}),
        ...(ttl ? { ttl } : {}),
      };
      setMade(await api<Minted>('POST', '/v1/agents', body));
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card" aria-labelledby="new-agent" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="new-agent">Add an agent</h2>
      <label>
        Name
        <input name="agent-name" required value={name} onInput={(e) => { setName(e.currentTarget.value.trim()); }} />
      </label>
      <label>
        Operator <span class="muted">(the human who runs it; never counted in peer review)</span>
        <input name="operator" value={operator} onInput={(e) => { setOperator(e.currentTarget.value.trim()); }} />
      </label>
      <ScopePicker legend="Scope: what it may even ask for" value={scope} onChange={setScope} />
      <TtlField value={ttl} onInput={setTtl} />
      <ErrorNote error={error} />
      <button type="submit" class="primary">Add agent</button>
      {made && <Secret label={`Token for ${name}`} value={made.token} />}
    </form>
  );
}

function MintToken({ agents, onDone }: { agents: AgentView[]; onDone: () => void }) {
  const [agent, setAgent] = useState('');
  const [ttl, setTtl] = useState('');
  const [scope, setScope] = useState<ScopeDraft>(emptyScope);
  const [made, setMade] = useState<Minted | undefined>();
  const [error, setError] = useState<unknown>(undefined);
  const live = agents.filter((a) => !a.revokedAt);
  const submit = async () => {
    setError(undefined);
    try {
      const s = toScope(scope);
      const body = { agent: agent || (live[0]?.name ?? ''), ...(Object.keys(s).length ? { scope: s } : {}), ...(ttl ? { ttl } : {}) };
      setMade(await api<Minted>('POST', '/v1/tokens', body));
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card" aria-labelledby="mint" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="mint">New token for an agent</h2>
      <label>
        Agent
        <select value={agent} onChange={(e) => { setAgent(e.currentTarget.value); }}>
          {live.map((a) => <option key={a.name}>{a.name}</option>)}
        </select>
      </label>
      <ScopePicker legend="Scope (empty: the agent's whole scope)" value={scope} onChange={setScope} />
      <TtlField value={ttl} onInput={setTtl} />
      <ErrorNote error={error} />
      <button type="submit" class="primary" disabled={live.length === 0}>Mint token</button>
      {made && <Secret label="New token" value={made.token} />}
    </form>
  );
}

function NarrowToken() {
  const [token, setToken] = useState('');
  const [ttl, setTtl] = useState('');
  const [scope, setScope] = useState<ScopeDraft>(emptyScope);
  const [made, setMade] = useState<Minted | undefined>();
  const [error, setError] = useState<unknown>(undefined);
  const submit = async () => {
    setError(undefined);
    try {
      setMade(await api<Minted>('POST', '/v1/tokens/narrow', { token, scope: toScope(scope), ...(ttl ? { ttl } : {}) }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="card" aria-labelledby="narrow" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="narrow">Narrow a token for a sub-task</h2>
      <label>
        Token to narrow
        <textarea name="token" rows={3} required value={token} onInput={(e) => { setToken(e.currentTarget.value.trim()); }} />
      </label>
      <ScopePicker legend="Narrower scope" value={scope} onChange={setScope} />
      <TtlField value={ttl} onInput={setTtl} />
      <ErrorNote error={error} />
      <button type="submit" class="primary">Narrow</button>
      {made && <Secret label="Narrowed token" value={made.token} />}
    </form>
  );
}

function Tokens({ admin, version }: { admin: boolean; version: number }) {
  const t = useLoad(() => api<{ tokens: TokenView[] }>('GET', '/v1/tokens'), `tokens-${version}`);
  const [error, setError] = useState<unknown>(undefined);
  if (failureCode(t.error) === 'auth/forbidden') return <Note kind="info">Only admins can list tokens.</Note>;
  if (!t.data) return t.error !== undefined ? <ErrorNote error={t.error} /> : <Loading what="tokens" />;
  const revoke = async (jti: string) => {
    setError(undefined);
    try {
      await api('DELETE', `/v1/tokens/${encodeURIComponent(jti)}`);
      t.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <ErrorNote error={error} />
      <div class="table-wrap">
        <table>
          <caption>Tokens</caption>
          <thead>
            <tr><th scope="col">Id</th><th scope="col">Agent</th><th scope="col">Scope</th><th scope="col">Expires</th><th scope="col">State</th></tr>
          </thead>
          <tbody>
            {t.data.tokens.map((k) => (
              <tr key={k.jti}>
                <td><code>{k.jti}</code>{k.parent && <div class="muted small">narrowed from {k.parent}</div>}</td>
                <td>{k.agent}</td>
                <td>{scopeText(k.scope)}</td>
                <td>{when(k.expiresAt)}</td>
                <td>
                  {k.revokedAt ? `revoked ${when(k.revokedAt)}` : admin ? (
                    <ConfirmButton danger label="Revoke" confirm={`Revoke ${k.jti}`} onConfirm={() => void revoke(k.jti)} />
                  ) : 'active'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function Agents({ me }: { me: PublicHuman }) {
  const [version, setVersion] = useState(0);
  const bump = () => { setVersion((v) => v + 1); };
  const a = useLoad(() => api<{ agents: AgentView[] }>('GET', '/v1/agents'), `agents-${version}`);
  const [error, setError] = useState<unknown>(undefined);
  const admin = me.role === 'admin';
  const revoke = async (name: string) => {
    setError(undefined);
    try {
      await api('DELETE', `/v1/agents/${encodeURIComponent(name)}`);
      bump();
    } catch (err) {
      setError(err);
    }
  };
  const agents = a.data?.agents ?? [];
  return (
    <>
      <h1>Agents and tokens</h1>
      <ErrorNote error={a.error ?? error} />
      {!a.data && a.error === undefined && <Loading what="agents" />}
      {a.data && (
        <div class="table-wrap">
          <table>
            <caption>Agents</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Operator</th><th scope="col">Scope</th><th scope="col">Added</th><th scope="col">State</th></tr>
            </thead>
            <tbody>
              {agents.map((g) => (
                <tr key={g.name}>
                  <td><strong>{g.name}</strong></td>
                  <td>{g.operator ?? '—'}</td>
                  <td>{scopeText(g.scope)}</td>
                  <td>{when(g.createdAt)}</td>
                  <td>
                    {g.revokedAt ? `revoked ${when(g.revokedAt)}` : admin ? (
                      <ConfirmButton danger label="Revoke" confirm={`Revoke ${g.name} and all its tokens`} onConfirm={() => void revoke(g.name)} />
                    ) : 'active'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Tokens admin={admin} version={version} />
      {admin && <CreateAgent onDone={bump} />}
      {admin && <MintToken agents={agents} onDone={bump} />}
      <NarrowToken />
    </>
  );
}
