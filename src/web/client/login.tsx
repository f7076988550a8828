/**
 * Logging in: name and password, then the TOTP code when the account has one (the API answers
 * `auth/totp-required` only after a right password). A one-time password must be changed before anything else.
 */
import { useRef, useState } from 'preact/hooks';
import { api, failureCode, setCsrf } from './api.js';
import type { PublicHuman } from './types.js';
import { ErrorNote, Note } from './ui.js';

interface LoginAnswer {
  csrf: string;
  expiresAt: string;
  human: PublicHuman;
}

export function Login({ onIn, reason }: { onIn: (me: PublicHuman) => void; reason?: string }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body = { name, password, ...(needTotp ? { totp } : {}) };
      const r = await api<LoginAnswer>('POST', '/v1/login', body);
      setCsrf(r.csrf);
      onIn(r.human);
    } catch (err) {
      if (failureCode(err) === 'auth/totp-required' && !needTotp) {
        setNeedTotp(true);
        setTimeout(() => totpRef.current?.focus(), 0);
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="login card" aria-labelledby="login-title">
      <h1 id="login-title">Log in to Portcullis</h1>
      {reason && <Note kind="info">{reason}</Note>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          Name
          <input
            name="name"
            autocomplete="username"
            required
            value={name}
            onInput={(e) => {
              setName(e.currentTarget.value);
            }}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => {
              setPassword(e.currentTarget.value);
            }}
          />
        </label>
        {needTotp && (
          <>
            <Note kind="info">Enter the code from your authenticator app.</Note>
            <label>
              TOTP code
              <input
                ref={totpRef}
                name="totp"
                inputMode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9]{6,8}"
                required
                value={totp}
                onInput={(e) => {
                  setTotp(e.currentTarget.value.trim());
                }}
              />
            </label>
          </>
        )}
        <ErrorNote error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </section>
  );
}

/** Change the password; `forced` when the one-time password must go before anything else. */
export function ChangePassword({ forced, onDone }: { forced: boolean; onDone: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);
  const mismatch = again !== '' && again !== next;

  const submit = async () => {
    setError(undefined);
    try {
      await api('POST', '/v1/me/password', { current, next });
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="card" aria-labelledby="pw-title">
      <h2 id="pw-title">{forced ? 'Choose your own password' : 'Change password'}</h2>
      {forced && (
        <Note kind="info">You logged in with a one-time password. Replace it to continue.</Note>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!mismatch) void submit();
        }}
      >
        <label>
          Current password
          <input
            type="password"
            autocomplete="current-password"
            required
            value={current}
            onInput={(e) => {
              setCurrent(e.currentTarget.value);
            }}
          />
        </label>
        <label>
          New password
          <input
            type="password"
            autocomplete="new-password"
            required
            value={next}
            onInput={(e) => {
              setNext(e.currentTarget.value);
            }}
          />
        </label>
        <label>
          New password again
          <input
            type="password"
            autocomplete="new-password"
            required
            aria-invalid={mismatch}
            value={again}
            onInput={(e) => {
              setAgain(e.currentTarget.value);
            }}
          />
        </label>
        {mismatch && <p class="field-error">The two new passwords differ.</p>}
        <ErrorNote error={error} />
        {done && <Note kind="ok">Password changed.</Note>}
        <button type="submit" class="primary" disabled={mismatch}>
          Change password
        </button>
      </form>
    </section>
  );
}
