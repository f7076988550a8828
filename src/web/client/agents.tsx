/**
 * Agents and their tokens: list (every human), revoke (admins), and the forms to add an agent, mint a token
 * (admins) and narrow a token one holds (anyone: a narrowed token can only do less).
 */
import { useState } from 'preact/hooks';
import { api, failureCode } from './api.js';
import { when } from './format.js';
import { scopeText } from './scope-picker.js';
import { CreateAgent, MintToken, NarrowToken } from './token-forms.js';
import type { AgentView, PublicHuman, TokenView } from './types.js';
import { ConfirmButton, ErrorNote, Loading, Note, useLoad } from './ui.js';

function Tokens({ admin, version }: { admin: boolean; version: number }) {
  const t = useLoad(() => api<{ tokens: TokenView[] }>('GET', '/v1/tokens'), `tokens-${version}`);
  const [error, setError] = useState<unknown>(undefined);
  if (failureCode(t.error) === 'auth/forbidden')
    return <Note kind="info">Only admins can list tokens.</Note>;
  if (!t.data)
    return t.error !== undefined ? <ErrorNote error={t.error} /> : <Loading what="tokens" />;
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
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Agent</th>
              <th scope="col">Scope</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {t.data.tokens.map((k) => (
              <tr key={k.jti}>
                <td>
                  <code>{k.jti}</code>
                  {k.parent && <div class="muted small">narrowed from {k.parent}</div>}
                </td>
                <td>{k.agent}</td>
                <td>{scopeText(k.scope)}</td>
                <td>{when(k.expiresAt)}</td>
                <td>
                  {k.revokedAt ? (
                    `revoked ${when(k.revokedAt)}`
                  ) : admin ? (
                    <ConfirmButton
                      danger
                      label="Revoke"
                      confirm={`Revoke ${k.jti}`}
                      onConfirm={() => void revoke(k.jti)}
                    />
                  ) : (
                    'active'
                  )}
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
  const bump = () => {
    setVersion((v) => v + 1);
  };
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
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Operator</th>
                <th scope="col">Scope</th>
                <th scope="col">Added</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((g) => (
                <tr key={g.name}>
                  <td>
                    <strong>{g.name}</strong>
                  </td>
                  <td>{g.operator ?? '—'}</td>
                  <td>{scopeText(g.scope)}</td>
                  <td>{when(g.createdAt)}</td>
                  <td>
                    {g.revokedAt ? (
                      `revoked ${when(g.revokedAt)}`
                    ) : admin ? (
                      <ConfirmButton
                        danger
                        label="Revoke"
                        confirm={`Revoke ${g.name} and all its tokens`}
                        onConfirm={() => void revoke(g.name)}
                      />
                    ) : (
                      'active'
                    )}
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
