/**
 * The gate URL install writes into hooks and `hook.json`, and the daemon route an http hook posts to. A hook sends
 * the agent's token to that URL on every call, so a plain-http URL is accepted only on loopback: anywhere else the
 * token would cross the network in clear. Credentials, queries and fragments are refused too — a URL in a
 * settings file is not a place for a secret, and the route path is appended to it.
 */
import type { AgentName } from '../hooks/adapter.js';
import { isLoopbackHost } from '../../gate/loopback.js';
import { InstallError } from './context.js';

/** The daemon route answering an agent's hook payload in that agent's format (src/server/hooks-route.ts). */
export const HOOK_ROUTE = '/v1/hooks/';

export { isLoopbackHost };

/**
 * Validate and normalise a gate URL: http or https, no credentials, query or fragment, no trailing slash.
 * Throws InstallError `install/bad-gate` (a usage error for the CLI) with the reason.
 */
export function gateUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InstallError(
      'install/bad-gate',
      `"${raw}" is not a URL (e.g. http://127.0.0.1:7421)`,
    );
  }
  const bad = (why: string): never => {
    throw new InstallError('install/bad-gate', `gate URL ${url.origin}: ${why}`);
  };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') bad('use http:// or https://');
  if (url.username !== '' || url.password !== '')
    bad('no user or password in the URL (the hook authenticates with its token)');
  if (url.search !== '' || url.hash !== '')
    bad('no query or fragment (the route path is appended)');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    bad(
      'plain http is only accepted on loopback (127.0.0.1, ::1, localhost): the hook sends its token on every call, and it would cross the network in clear. Use https:// (a TLS reverse proxy in front of the gate)',
    );
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The URL an http hook of `agent` posts to: `<gate>/v1/hooks/<agent>` (gate as returned by `gateUrl`). */
export function hookUrl(gate: string, agent: AgentName): string {
  return `${gate}${HOOK_ROUTE}${agent}`;
}

/** The gate an http hook URL of `agent` points at, or undefined when it is not one. */
export function gateOfHookUrl(url: string, agent: AgentName): string | undefined {
  const suffix = `${HOOK_ROUTE}${agent}`;
  return isHookUrl(url, agent) ? url.slice(0, -suffix.length) : undefined;
}

/**
 * Whether `value` is an http(s) URL of the daemon's hook route for `agent` — how install, uninstall and doctor
 * recognise a Portcullis http hook whatever gate it points at. A whole value must be the URL: a curl command
 * that ends with it is a command hook, not an http one.
 */
export function isHookUrl(value: string, agent: AgentName): boolean {
  if (/\s/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.search === '' &&
    url.pathname.endsWith(`${HOOK_ROUTE}${agent}`)
  );
}
