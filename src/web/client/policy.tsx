/**
 * The policy in force: its layers (built-in, system, user, project) and the merged text, where each rule names
 * the file it came from; and a test box that asks the gate what it would decide for a command, without opening
 * an approval or running anything.
 */
import { useState } from 'preact/hooks';
import { ActionList, DecisionSummary } from './actions.js';
import { api, query } from './api.js';
import type { Decision } from './types.js';
import { ErrorNote, Loading, useLoad } from './ui.js';

interface PolicyAnswer {
  text: string;
  layers: { file: string; kind: string }[];
  version: string;
}

/** The merged policy text, with each `origin:` line marked so the eye finds where a rule came from. */
function PolicyText({ text }: { text: string }) {
  return (
    <pre class="policy-text" tabIndex={0} aria-label="merged policy">
      <code>
        {text.split('\n').map((line, i) => (
          <span
            key={i}
            class={
              /^\s*(-\s+)?origin:/.test(line)
                ? 'origin'
                : /^\s*#/.test(line)
                  ? 'tok-comment'
                  : undefined
            }
          >
            {line}
            {'\n'}
          </span>
        ))}
      </code>
    </pre>
  );
}

function TestBox() {
  const [command, setCommand] = useState('');
  const [cwd, setCwd] = useState('');
  const [agent, setAgent] = useState('');
  const [result, setResult] = useState<Decision | undefined>();
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setError(undefined);
    setBusy(true);
    try {
      const body = { command, ...(cwd ? { cwd } : {}), ...(agent ? { agent } : {}) };
      setResult((await api<{ decision: Decision }>('POST', '/v1/policy/test', body)).decision);
    } catch (err) {
      setResult(undefined);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="test-title">
      <h2 id="test-title">Test a command</h2>
      <p class="muted">
        The gate judges it as an agent's request would be judged. Nothing runs; no approval opens.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label>
          Command
          <textarea
            name="command"
            rows={2}
            required
            value={command}
            class="mono"
            onInput={(e) => {
              setCommand(e.currentTarget.value);
            }}
          />
        </label>
        <div class="two">
          <label>
            Working directory <span class="muted">(optional)</span>
            <input
              name="cwd"
              value={cwd}
              class="mono"
              onInput={(e) => {
                setCwd(e.currentTarget.value.trim());
              }}
            />
          </label>
          <label>
            Agent <span class="muted">(optional)</span>
            <input
              name="agent"
              value={agent}
              onInput={(e) => {
                setAgent(e.currentTarget.value.trim());
              }}
            />
          </label>
        </div>
        <button type="submit" class="primary" disabled={busy}>
          Test
        </button>
      </form>
      <ErrorNote error={error} />
      {result && (
        <div class="test-result" aria-live="polite">
          <DecisionSummary d={result} />
          <ActionList actions={result.actions} />
        </div>
      )}
    </section>
  );
}

export function Policy() {
  const p = useLoad(() => api<PolicyAnswer>('GET', `/v1/policy${query({})}`), 'policy');
  return (
    <>
      <h1>Policy</h1>
      <TestBox />
      <section class="card" aria-labelledby="merged-title">
        <h2 id="merged-title">In force</h2>
        <ErrorNote error={p.error} />
        {!p.data && p.error === undefined && <Loading what="the policy" />}
        {p.data && (
          <>
            <p>
              Version <code>{p.data.version}</code>, merged from:
            </p>
            <ol class="layers">
              {p.data.layers.map((l) => (
                <li key={`${l.kind}:${l.file}`}>
                  <strong>{l.kind}</strong> <code>{l.file}</code>
                </li>
              ))}
            </ol>
            <PolicyText text={p.data.text} />
          </>
        )}
      </section>
    </>
  );
}
