import { afterEach, describe, expect, it } from 'vitest';
import { saveSession } from './session-file.js';
import {
  apiError,
  runGateCli,
  startFakeGate,
  tempHome,
  type FakeGate,
  type Route,
} from './test-kit.js';

// `notify list | test` against a fake gate, logged in.
let gate: FakeGate | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await gate?.close();
  cleanup?.();
  gate = undefined;
  cleanup = undefined;
});

async function setup(routes: Record<string, Route>) {
  gate = await startFakeGate(routes);
  const t = tempHome();
  cleanup = t.cleanup;
  await saveSession(t.home, {
    gate: gate.url,
    session: 'ses_admin',
    human: { name: 'alice', role: 'admin', groups: [] },
    expiresAt: '2025-06-01T20:00:00.000Z',
  });
  return { home: t.home, gate: gate.url };
}

describe('portcullis notify', () => {
  it('list prints the channels', async () => {
    const channels = [
      { name: 'ops-ntfy', type: 'ntfy', risks: ['high', 'catastrophic'], stage: 'immediate' },
      { name: 'mail', type: 'email', stage: 'escalation' },
    ];
    const o = await setup({ 'GET /v1/notify': () => ({ body: { channels } }) });
    const r = await runGateCli(['notify', 'list'], o);
    expect(r.stdout).toBe(
      'NAME      TYPE   STAGE       RISKS\n' +
        'ops-ntfy  ntfy   immediate   high, catastrophic\n' +
        'mail      email  escalation  all\n',
    );
    expect(JSON.parse((await runGateCli(['notify', 'list', '--json'], o)).stdout)).toEqual({
      channels,
    });
  });

  const tests: [string, Route, number, string, string][] = [
    ['a sent message', () => ({ body: { ok: true } }), 0, 'ops-ntfy: test message sent\n', ''],
    [
      'a failed send',
      () => ({ body: { ok: false } }),
      1,
      '',
      'portcullis notify test: ops-ntfy: the gate could not send the test message (see its log)\n',
    ],
    [
      'an unknown channel',
      () => apiError(404, 'request/not-found', 'no channel ops-ntfy'),
      1,
      '',
      'portcullis notify test: request/not-found: no channel ops-ntfy\n',
    ],
  ];
  it.each(tests)('test reports %s', async (_, route, code, out, err) => {
    const o = await setup({ 'POST /v1/notify/test': route });
    const r = await runGateCli(['notify', 'test', 'ops-ntfy'], o);
    expect([r.code, r.stdout, r.stderr]).toEqual([code, out, err]);
    expect(gate?.requests[0]?.body).toEqual({ channel: 'ops-ntfy' });
  });
});
