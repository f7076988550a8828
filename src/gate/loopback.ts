/** Loopback detection, dependency-free so the CLI, install and the gate share it without loading the rest. */

/**
 * Whether a host is this machine: 127.0.0.0/8, ::1 (bare or bracketed, as `URL.hostname` spells it) or localhost.
 * The one test for "loopback" everywhere: anonymous agents, plain-http gate URLs in hooks and in the CLI.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '[::1]') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((n) => Number(n) <= 255);
}
