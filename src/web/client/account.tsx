/** The logged-in human: who they are, TOTP enrolment, password change. */
import { useState } from 'preact/hooks';
import { api } from './api.js';
import { ChangePassword } from './login.js';
import type { PublicHuman } from './types.js';
import { ErrorNote, Note } from './ui.js';

/** `ABCD EFGH …`: easier to type into an authenticator app by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

function TotpEnrol({ me, onChange }: { me: PublicHuman; onChange: () => void }) {
  const [pending, setPending] = useState<{ secret: string; uri: string } | undefined>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);

  if (me.totp || done) {
    return (
      <section class="card" aria-labelledby="totp-title">
        <h2 id="totp-title">Two-factor codes (TOTP)</h2>
        <Note kind="ok">TOTP is enrolled for {me.name}.</Note>
      </section>
    );
  }
  const start = async () => {
    setError(undefined);
    try {
      setPending(await api<{ secret: string; uri: string }>('POST', '/v1/me/totp', {}));
    } catch (err) {
      setError(err);
    }
  };
  const confirm = async () => {
    setError(undefined);
    try {
      await api('POST', '/v1/me/totp', { code });
      setDone(true);
      onChange();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="card" aria-labelledby="totp-title">
      <h2 id="totp-title">Two-factor codes (TOTP)</h2>
      <p>
        Catastrophic approvals need a code from an authenticator app. Set it up once; it is then
        also asked at login.
      </p>
      {!pending ? (
        <button type="button" class="primary" onClick={() => void start()}>
          Set up TOTP
        </button>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <p>
            Add this secret to your authenticator app (or{' '}
            <a href={pending.uri}>open it in the app</a> on this device):
          </p>
          <p>
            <code class="totp-secret" data-secret={pending.secret}>
              {grouped(pending.secret)}
            </code>
          </p>
          <label>
            Code from the app
            <input
              name="totp-code"
              inputMode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9]{6,8}"
              required
              value={code}
              onInput={(e) => {
                setCode(e.currentTarget.value.trim());
              }}
            />
          </label>
          <button type="submit" class="primary">
            Confirm code
          </button>
        </form>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

export function Account({ me, onChange }: { me: PublicHuman; onChange: () => void }) {
  return (
    <>
      <h1>Account</h1>
      <section class="card" aria-labelledby="me-title">
        <h2 id="me-title">{me.name}</h2>
        <dl class="facts">
          <dt>Role</dt>
          <dd>{me.role}</dd>
          <dt>Groups</dt>
          <dd>{me.groups.length > 0 ? me.groups.join(', ') : 'none'}</dd>
        </dl>
      </section>
      <TotpEnrol me={me} onChange={onChange} />
      <ChangePassword forced={false} onDone={onChange} />
    </>
  );
}
