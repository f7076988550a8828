/**
 * The forms that hand out agent tokens: add an agent (its first token), mint another token for one, and narrow a
 * token for a sub-task. A token is shown once; the gate keeps only its claims. Lists left empty in a scope are
 * filled from the parent's, since an empty list means "any" and the gate refuses any widening.
 */
import { useState } from 'preact/hooks';
import { api } from './api.js';
import {
  emptyScope,
  inside,
  ScopePicker,
  tokenScope,
  toScope,
  type ScopeDraft,
} from './scope-picker.js';
import type { AgentView } from './types.js';
import { ErrorNote, Secret } from './ui.js';

interface Minted {
  token: string;
  claims: { jti: string; exp?: number };
}

function TtlField({ value, onInput }: { value: string; onInput: (v: string) => void }) {
  return (
    <label>
      Lifetime <span class="muted">(e.g. 8h, 7d; empty: the default)</span>
      <input
        name="ttl"
        value={value}
        onInput={(e) => {
          onInput(e.currentTarget.value.trim());
        }}
      />
    </label>
  );
}

export function CreateAgent({ onDone }: { onDone: () => void }) {
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
    <form
      class="card"
      aria-labelledby="new-agent"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="new-agent">Add an agent</h2>
      <label>
        Name
        <input
          name="agent-name"
          required
          value={name}
          onInput={(e) => {
            setName(e.currentTarget.value.trim());
          }}
        />
      </label>
      <label>
        Operator <span class="muted">(the human who runs it; never counted in peer review)</span>
        <input
          name="operator"
          value={operator}
          onInput={(e) => {
            setOperator(e.currentTarget.value.trim());
          }}
        />
      </label>
      <ScopePicker legend="Scope: what it may even ask for" value={scope} onChange={setScope} />
      <TtlField value={ttl} onInput={setTtl} />
      <ErrorNote error={error} />
      <button type="submit" class="primary">
        Add agent
      </button>
      {made && <Secret label={`Token for ${name}`} value={made.token} />}
    </form>
  );
}

export function MintToken({ agents, onDone }: { agents: AgentView[]; onDone: () => void }) {
  const [agent, setAgent] = useState('');
  const [ttl, setTtl] = useState('');
  const [scope, setScope] = useState<ScopeDraft>(emptyScope);
  const [made, setMade] = useState<Minted | undefined>();
  const [error, setError] = useState<unknown>(undefined);
  const live = agents.filter((a) => !a.revokedAt);
  const submit = async () => {
    setError(undefined);
    try {
      const name = agent || (live[0]?.name ?? '');
      const s = toScope(scope);
      const within = live.find((a) => a.name === name)?.scope;
      const body = {
        agent: name,
        ...(Object.keys(s).length ? { scope: inside(s, within) } : {}),
        ...(ttl ? { ttl } : {}),
      };
      setMade(await api<Minted>('POST', '/v1/tokens', body));
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form
      class="card"
      aria-labelledby="mint"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="mint">New token for an agent</h2>
      <label>
        Agent
        <select
          value={agent}
          onChange={(e) => {
            setAgent(e.currentTarget.value);
          }}
        >
          {live.map((a) => (
            <option key={a.name}>{a.name}</option>
          ))}
        </select>
      </label>
      <ScopePicker
        legend="Scope (what you leave empty stays as the agent's)"
        value={scope}
        onChange={setScope}
      />
      <TtlField value={ttl} onInput={setTtl} />
      <ErrorNote error={error} />
      <button type="submit" class="primary" disabled={live.length === 0}>
        Mint token
      </button>
      {made && <Secret label="New token" value={made.token} />}
    </form>
  );
}

export function NarrowToken() {
  const [token, setToken] = useState('');
  const [ttl, setTtl] = useState('');
  const [scope, setScope] = useState<ScopeDraft>(emptyScope);
  const [made, setMade] = useState<Minted | undefined>();
  const [error, setError] = useState<unknown>(undefined);
  const submit = async () => {
    setError(undefined);
    try {
      const body = {
        token,
        scope: inside(toScope(scope), tokenScope(token)),
        ...(ttl ? { ttl } : {}),
      };
      setMade(await api<Minted>('POST', '/v1/tokens/narrow', body));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form
      class="card"
      aria-labelledby="narrow"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="narrow">Narrow a token for a sub-task</h2>
      <label>
        Token to narrow
        <textarea
          name="token"
          rows={3}
          required
          value={token}
          onInput={(e) => {
            setToken(e.currentTarget.value.trim());
          }}
        />
      </label>
      <ScopePicker
        legend="Narrower scope (what you leave empty stays as the token's)"
        value={scope}
        onChange={setScope}
      />
      <TtlField value={ttl} onInput={setTtl} />
      <ErrorNote error={error} />
      <button type="submit" class="primary">
        Narrow
      </button>
      {made && <Secret label="Narrowed token" value={made.token} />}
    </form>
  );
}
