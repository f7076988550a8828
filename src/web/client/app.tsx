/**
 * The console's shell: who is logged in, the navigation, and which page the path names. Every page asks for a
 * login first and then shows the page that was asked for, so a link from a notification to `/approvals/<id>`
 * survives the login.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Account } from './account.js';
import { Agents } from './agents.js';
import { api, hasCsrf, setCsrf, whenSignedOut } from './api.js';
import { Audit } from './audit.js';
import { Detail } from './detail.js';
import { startLive, stopLive, useLiveState } from './live.js';
import { ChangePassword, Login } from './login.js';
import { Notifications } from './notifications.js';
import { Policy } from './policy.js';
import { Queue } from './queue.js';
import { Link, navigate, useLocation } from './router.js';
import type { PublicHuman } from './types.js';
import { Loading } from './ui.js';

type Auth =
  { state: 'checking' } | { state: 'out'; reason?: string } | { state: 'in'; me: PublicHuman };

const NAV: [string, string][] = [
  ['/', 'Queue'],
  ['/audit', 'Audit'],
  ['/agents', 'Agents'],
  ['/policy', 'Policy'],
  ['/notifications', 'Notifications'],
  ['/account', 'Account'],
];

function LiveDot() {
  const s = useLiveState();
  const text = s === 'live' ? 'live' : s === 'connecting' ? 'reconnecting' : 'offline';
  return (
    <span class={`live live-${s}`} role="status" title="live updates">
      {text}
    </span>
  );
}

function Page({ path, me, refresh }: { path: string; me: PublicHuman; refresh: () => void }) {
  const approval = /^\/approvals\/([A-Za-z0-9_]+)$/.exec(path);
  if (approval?.[1]) return <Detail id={approval[1]} />;
  switch (path) {
    case '/':
      return <Queue />;
    case '/audit':
      return <Audit me={me} />;
    case '/agents':
      return <Agents me={me} />;
    case '/policy':
      return <Policy />;
    case '/notifications':
      return <Notifications me={me} />;
    case '/account':
      return <Account me={me} onChange={refresh} />;
    default:
      return (
        <>
          <h1>Not found</h1>
          <p>
            Nothing lives at <code>{path}</code>. <Link href="/">Go to the queue</Link>.
          </p>
        </>
      );
  }
}

export function App() {
  const { path } = useLocation();
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const main = useRef<HTMLElement>(null);

  const refresh = () => {
    if (!hasCsrf()) {
      setAuth({ state: 'out' });
      return;
    }
    api<{ human: PublicHuman }>('GET', '/v1/me').then(
      (r) => {
        setAuth({ state: 'in', me: r.human });
      },
      () => {
        setAuth({ state: 'out' });
      },
    );
  };
  useEffect(() => {
    whenSignedOut(() => {
      setCsrf('');
      stopLive();
      setAuth({ state: 'out', reason: 'Your session has ended. Log in again.' });
    });
    refresh();
  }, []);
  const signedIn = auth.state === 'in' && !auth.me.mustChangePassword;
  useEffect(() => {
    if (signedIn) startLive();
  }, [signedIn]);
  useEffect(() => {
    if (path === '/login' && signedIn) navigate('/', true);
  }, [path, signedIn]);
  useEffect(() => {
    // A new page: move focus to it, so keyboard and screen-reader users start at its top.
    main.current?.focus({ preventScroll: true });
  }, [path]);

  const logout = async () => {
    try {
      await api('POST', '/v1/logout');
    } catch {
      // The session may already be gone; forget it here either way.
    }
    setCsrf('');
    stopLive();
    setAuth({ state: 'out', reason: 'You have logged out.' });
  };

  let body;
  if (auth.state === 'checking') body = <Loading what="the console" />;
  else if (auth.state === 'out')
    body = (
      <Login
        reason={auth.reason}
        onIn={(me) => {
          setAuth({ state: 'in', me });
        }}
      />
    );
  else if (auth.me.mustChangePassword) body = <ChangePassword forced onDone={refresh} />;
  else body = <Page path={path} me={auth.me} refresh={refresh} />;

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Portcullis</span>
        {signedIn && auth.state === 'in' && (
          <>
            <nav aria-label="Main">
              <ul>
                {NAV.map(([href, label]) => (
                  <li key={href}>
                    <Link
                      href={href}
                      current={
                        href === '/'
                          ? path === '/' || path.startsWith('/approvals/')
                          : path === href
                      }
                    >
                      {label}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <div class="who">
              <LiveDot />
              <span class="me">{auth.me.name}</span>
              <button type="button" onClick={() => void logout()}>
                Log out
              </button>
            </div>
          </>
        )}
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {body}
      </main>
    </>
  );
}
