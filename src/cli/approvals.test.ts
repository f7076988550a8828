import { afterEach, describe, expect, it } from 'vitest';
import { saveSession } from './session-file.js';
import {
  apiError,
  approvalView,
  runGateCli,
  startFakeGate,
  tempHome,
  type FakeGate,
  type Route,
} from './test-kit.js';

// `pending`, `show`, `approve`, `deny` against a fake gate; the human is logged in (a stored session).
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
    session: 'ses_bob',
    human: { name: 'bob', role: 'approver', groups: [] },
    expiresAt: '2025-06-01T20:00:00.000Z',
  });
  return { home: t.home, gate: gate.url };
}

const paths = () => gate?.requests.map((r) => `${r.method} ${r.path}`);

describe('portcullis pending', () => {
  const list: Route = () => ({
    body: {
      approvals: [
        approvalView(),
        approvalView({
          id: 'apr_2',
          agent: 'codex',
          risk: 'high',
          env: 'staging',
          required: 1,
          summary: 'kubectl delete ns web',
          createdAt: '2025-06-01T10:00:00Z',
          expiresAt: '2025-06-01T11:00:00Z',
        }),
      ],
    },
  });

  it('prints a table of id, age, expiry, agent, risk, env, N/M and summary', async () => {
    const o = await setup({ 'GET /v1/approvals': list });
    const r = await runGateCli(['pending', '--agent', 'claude'], o);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'ID     AGE  EXPIRES IN  AGENT   RISK          ENV      N/M  SUMMARY\n' +
        'apr_1  5m   10m         claude  catastrophic  prod     0/2  terraform destroy -auto-approve\n' +
        'apr_2  2h   expired     codex   high          staging  0/1  kubectl delete ns web\n',
    );
    expect(gate?.requests[0]?.query).toEqual({ status: 'pending', agent: 'claude' });
    expect(gate?.requests[0]?.headers.authorization).toBe('Bearer ses_bob');
  });

  it('--json prints the gate answer', async () => {
    const o = await setup({ 'GET /v1/approvals': list });
    const r = await runGateCli(['pending', '--json', '--session', 's1'], o);
    const parsed = JSON.parse(r.stdout) as { approvals: { id: string }[] };
    expect(parsed.approvals.map((a) => a.id)).toEqual(['apr_1', 'apr_2']);
    expect(gate?.requests[0]?.query).toEqual({ status: 'pending', session: 's1' });
  });

  it('says so when nothing is pending', async () => {
    const o = await setup({ 'GET /v1/approvals': () => ({ body: { approvals: [] } }) });
    expect((await runGateCli(['pending'], o)).stdout).toBe('no pending approvals\n');
  });
});

describe('portcullis show', () => {
  it('prints the exact command, the parsed actions, the decision and the votes', async () => {
    const o = await setup({
      'GET /v1/approvals/apr_1': () => ({
        body: {
          approval: approvalView({
            approvedBy: ['alice'],
            comments: [{ approver: 'alice', vote: 'approve', comment: 'ok after the backup' }],
          }),
          request: {
            kind: 'shell',
            agent: 'claude',
            cwd: '/srv/infra/prod',
            session: 's1',
            command: "ssh prod-1 'sudo terraform destroy -auto-approve'",
          },
          decision: {
            verdict: 'ask',
            risk: 'catastrophic',
            rule: 'rules/prod-destroy',
            reasons: ['destroys production infrastructure'],
            actions: [
              {
                tool: 'terraform',
                verb: 'destroy',
                effect: 'destroy',
                risk: 'catastrophic',
                env: 'prod',
                targets: ['stack prod'],
                via: ['ssh prod-1', 'sudo'],
                rule: 'terraform/destroy',
                reasons: ['-auto-approve skips the plan'],
              },
            ],
          },
        },
      }),
    });
    const r = await runGateCli(['show', 'apr_1'], o);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'approval apr_1: pending, 1/2 approvals',
        'agent:    claude',
        "command:  ssh prod-1 'sudo terraform destroy -auto-approve'",
        'cwd:      /srv/infra/prod',
        'session:  s1',
        'risk:     catastrophic   env: prod',
        'created:  2025-06-01T11:55:00Z (5m ago)',
        'expires:  2025-06-01T12:10:00Z (in 10m)',
        'url:      http://127.0.0.1:7421/approvals/apr_1',
        '',
        'decision: ask (rule rules/prod-destroy, risk catastrophic)',
        '  destroys production infrastructure',
        'actions:',
        '  • terraform destroy  [risk catastrophic, env prod, destroy, rule terraform/destroy]',
        '      via: ssh prod-1 → sudo',
        '      targets: stack prod',
        '      -auto-approve skips the plan',
        '',
        'votes:',
        '  approved by: alice',
        '  alice (approve): ok after the backup',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 on an unknown id', async () => {
    const o = await setup({
      'GET /v1/approvals/apr_9': () => apiError(404, 'approval/not-found', 'no approval apr_9'),
    });
    const r = await runGateCli(['show', 'apr_9'], o);
    expect([r.code, r.stderr]).toEqual([
      1,
      'portcullis show: approval/not-found: no approval apr_9\n',
    ]);
  });
});

describe('portcullis approve / deny', () => {
  const vote =
    (status: string, approvedBy: string[]): Route =>
    (req) => ({
      body: {
        approval: approvalView({
          status,
          approvedBy,
          comments: (req.body as { comment?: string }).comment
            ? [
                {
                  approver: 'bob',
                  vote: 'deny',
                  comment: (req.body as { comment: string }).comment,
                },
              ]
            : [],
        }),
      },
    });

  it('approves one id through its own endpoint, with the comment', async () => {
    const o = await setup({ 'POST /v1/approvals/apr_1/approve': vote('pending', ['bob']) });
    const r = await runGateCli(['approve', 'apr_1', '--comment', 'looks fine'], o);
    expect([r.code, r.stdout]).toEqual([0, 'apr_1: 1/2 approvals, still pending (needs 1 more)\n']);
    expect(gate?.requests[0]?.body).toEqual({ comment: 'looks fine' });
  });

  it('approves several ids in one bulk request and exits 1 when any is refused', async () => {
    const o = await setup({
      'POST /v1/approvals/bulk': () => ({
        body: {
          results: [
            {
              id: 'apr_1',
              ok: true,
              approval: approvalView({ status: 'approved', approvedBy: ['alice', 'bob'] }),
            },
            {
              id: 'apr_2',
              ok: false,
              error: { code: 'approval/self-approval', message: 'your own agent asked for it' },
            },
          ],
        },
      }),
    });
    const r = await runGateCli(['approve', 'apr_1', 'apr_2'], o);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('apr_1: approved (2/2); the agent may now run it\n');
    expect(r.stderr).toBe('apr_2: refused, approval/self-approval: your own agent asked for it\n');
    expect(gate?.requests[0]?.body).toEqual({ vote: 'approve', ids: ['apr_1', 'apr_2'] });
  });

  it('approves every pending request of a session', async () => {
    const o = await setup({ 'POST /v1/approvals/bulk': () => ({ body: { results: [] } }) });
    const r = await runGateCli(['approve', '--session', 's1', '--totp', '123456'], o);
    expect([r.code, r.stdout]).toEqual([0, 'no pending approvals in session s1\n']);
    expect(gate?.requests[0]?.body).toEqual({ vote: 'approve', session: 's1', totp: '123456' });
  });

  it('tells a script to pass --totp when the gate wants a code', async () => {
    const o = await setup({
      'POST /v1/approvals/apr_1/approve': () =>
        apiError(401, 'approval/totp-required', 'this approval needs a TOTP code'),
    });
    const r = await runGateCli(['approve', 'apr_1'], o);
    expect([r.code, r.stderr]).toEqual([
      1,
      'portcullis approve: approval/totp-required: this approval needs a TOTP code\n' +
        '  pass --totp CODE (from your authenticator app; enrol with `portcullis totp enrol`)\n',
    ]);
    expect(gate?.requests).toHaveLength(1);
  });

  it('asks a human at a terminal for the code and votes again', async () => {
    const o = await setup({
      'POST /v1/approvals/apr_1/approve': (req) =>
        (req.body as { totp?: string }).totp === '123456'
          ? vote('approved', ['alice', 'bob'])(req)
          : apiError(401, 'approval/totp-required', 'needs TOTP'),
    });
    const r = await runGateCli(['approve', 'apr_1'], {
      ...o,
      interactive: true,
      stdin: '123456\n',
    });
    expect([r.code, r.stdout]).toEqual([0, 'apr_1: approved (2/2); the agent may now run it\n']);
    expect(gate?.requests.map((q) => q.body)).toEqual([{}, { totp: '123456' }]);
  });

  it('retries only the bulk votes that wanted a code', async () => {
    const o = await setup({
      'POST /v1/approvals/bulk': (req) => {
        const b = req.body as { ids: string[]; totp?: string };
        return {
          body: {
            results: b.ids.map((id) =>
              id === 'apr_1' || b.totp !== undefined
                ? {
                    id,
                    ok: true,
                    approval: approvalView({
                      id,
                      status: 'approved',
                      approvedBy: ['alice', 'bob'],
                    }),
                  }
                : {
                    id,
                    ok: false,
                    error: { code: 'approval/totp-required', message: 'needs TOTP' },
                  },
            ),
          },
        };
      },
    });
    const r = await runGateCli(['approve', 'apr_1', 'apr_2'], {
      ...o,
      interactive: true,
      stdin: '123456\n',
    });
    expect(r.code).toBe(0);
    expect(gate?.requests.map((q) => q.body)).toEqual([
      { vote: 'approve', ids: ['apr_1', 'apr_2'] },
      { vote: 'approve', ids: ['apr_2'], totp: '123456' },
    ]);
    expect(r.stdout).toBe(
      'apr_1: approved (2/2); the agent may now run it\napr_2: approved (2/2); the agent may now run it\n',
    );
  });

  it('denies with the comment the agent is told', async () => {
    const o = await setup({ 'POST /v1/approvals/apr_1/deny': vote('denied', []) });
    const r = await runGateCli(['deny', 'apr_1', '--comment', 'use staging'], o);
    expect([r.code, r.stdout]).toEqual([0, 'apr_1: denied; the agent is told: use staging\n']);
    expect(gate?.requests[0]?.body).toEqual({ comment: 'use staging' });
  });

  const usage: [string[], string][] = [
    [
      ['deny', 'apr_1'],
      'portcullis deny: a deny needs --comment TEXT: it is what the agent is told\n',
    ],
    [
      ['deny', 'apr_1', '--comment', '  '],
      'portcullis deny: a deny needs --comment TEXT: it is what the agent is told\n',
    ],
    [
      ['approve'],
      'portcullis approve: name the approval ids, or --session S for every pending one of a session\n',
    ],
    [
      ['approve', 'apr_1', '--session', 's1'],
      'portcullis approve: give approval ids or --session, not both\n',
    ],
    [
      ['approve', 'apr_1', '--totp', '12ab'],
      'portcullis approve: --totp takes the 6 to 8 digit code\n',
    ],
  ];
  it.each(usage)('%j is a usage error (exit 2) and sends nothing', async (args, err) => {
    const o = await setup({});
    const r = await runGateCli(args, o);
    expect([r.code, r.stderr]).toEqual([2, err]);
    expect(paths()).toEqual([]);
  });

  const faults: [string, Route | undefined, number][] = [
    ['a gate fault', () => apiError(500, 'internal', 'store failed'), 3],
    ['an expired approval', () => apiError(409, 'approval/expired', 'expired at 12:10'), 1],
  ];
  it.each(faults)('exits %s on %s', async (_, route, code) => {
    const o = await setup(route ? { 'POST /v1/approvals/apr_1/approve': route } : {});
    expect((await runGateCli(['approve', 'apr_1'], o)).code).toBe(code);
  });

  it('exits 3 when no gate listens', async () => {
    const o = await setup({});
    await gate?.close();
    gate = undefined;
    const r = await runGateCli(['approve', 'apr_1'], o);
    expect([r.code, r.stderr]).toEqual([
      3,
      `portcullis approve: no gate at ${o.gate} — start it with \`portcullis serve\`\n`,
    ]);
  });
});
