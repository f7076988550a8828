/** The notification channels the gate is configured with, and a test message per channel (admins). */
import { useState } from 'preact/hooks';
import { api } from './api.js';
import type { ChannelView, PublicHuman } from './types.js';
import { ErrorNote, Loading, Note, useLoad } from './ui.js';

function TestButton({ channel }: { channel: string }) {
  const [state, setState] = useState<{ ok: boolean; error?: string } | undefined>();
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(undefined);
    setState(undefined);
    try {
      setState(await api<{ ok: boolean; error?: string }>('POST', '/v1/notify/test', { channel }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={() => void send()}
        aria-label={`Send a test to ${channel}`}
      >
        {busy ? 'Sending…' : 'Send test'}
      </button>
      {state?.ok && <Note kind="ok">Sent.</Note>}
      {state && !state.ok && <Note kind="warn">Failed: {state.error ?? 'unknown error'}</Note>}
      <ErrorNote error={error} />
    </>
  );
}

export function Notifications({ me }: { me: PublicHuman }) {
  const n = useLoad(() => api<{ channels: ChannelView[] }>('GET', '/v1/notify'), 'notify');
  return (
    <>
      <h1>Notifications</h1>
      <ErrorNote error={n.error} />
      {!n.data && n.error === undefined && <Loading what="channels" />}
      {n.data && n.data.channels.length === 0 && (
        <Note kind="info">
          No channel is configured. Add ntfy, Slack, email or others under <code>notify:</code> in
          the gate's config file.
        </Note>
      )}
      {n.data && n.data.channels.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>Channels</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Risks</th>
                <th scope="col">Stage</th>
                {me.role === 'admin' && <th scope="col">Test</th>}
              </tr>
            </thead>
            <tbody>
              {n.data.channels.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td>{c.type}</td>
                  <td>{c.risks.join(', ')}</td>
                  <td>{c.stage}</td>
                  {me.role === 'admin' && (
                    <td>
                      <TestButton channel={c.name} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
