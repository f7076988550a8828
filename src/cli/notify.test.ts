import { describe, expect, it } from 'vitest';
import { apiError, runGateCli, type Route, useLoggedInGate } from './test-kit.js';

// `notify list | test` against a fake gate, logged in.
const logged = useLoggedInGate();
const setup = logged.setup;

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
    expect(logged.current()?.requests[0]?.body).toEqual({ channel: 'ops-ntfy' });
  });
});
