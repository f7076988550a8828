/**
 * The scenario Portcullis must win (DESIGN.md §0), end to end through the real gate on loopback: an agent with
 * its own identity (scope dev and prod) "starts clean" in prod three ways, each held for peer review; approvers
 * are notified; the operator who runs the agent does not count; the second approver denies with a comment the
 * agent receives; the agent's edit of its own hook config is denied; a read-only `terraform plan` is run by the
 * broker with the plan-only credentials; the audit chain verifies. Every command here is data the gate judges,
 * except `terraform plan`, which the broker runs in a scratch directory (terraform is not installed here, so it
 * exits 127 having done nothing).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBindings } from '../broker/bindings.js';
import { Vault } from '../broker/vault.js';
import { addHuman, login } from '../gate/accounts.js';
import { addAgent } from '../gate/agent-tokens.js';
import { verifyChain } from '../gate/audit/chain.js';
import { parseGateConfig } from '../gate/config.js';
import { startReceiver, type Receiver } from '../notify/test-kit.js';
import { startTestGate, type TestGate } from './test-http.js';

let g: TestGate;
let phones: Receiver;
let root: string;
let prod: string;
let token: string;
const sessions: Record<string, string> = {};

beforeAll(async () => {
  phones = await startReceiver();
  g = await startTestGate({
    settings: { totpFor: [] },
    notify: {
      channels: [
        { name: 'alice-phone', type: 'ntfy', url: phones.url, topic: 'alice', approver: 'alice' },
        { name: 'bob-phone', type: 'ntfy', url: phones.url, topic: 'bob', approver: 'bob' },
      ],
    },
  });
  root = mkdtempSync(join(tmpdir(), 'portcullis-scenario-'));
  prod = join(root, 'cost-explorer', 'infra', 'envs', 'prod');
  mkdirSync(prod, { recursive: true });
  for (const name of ['oscar', 'alice', 'bob']) {
    const { password } = await addHuman(g.ctx, 'gate', { name, role: 'approver', groups: ['sre'] });
    await g.ctx.store.updateHuman(name, { mustChangePassword: false });
    sessions[name] = (await login(g.ctx, { name, password })).secret;
  }
  ({ token } = await addAgent(g.ctx, 'gate', {
    name: 'cost-fixer',
    scope: { envs: ['dev', 'prod'] },
    operator: 'oscar',
  }));
  g.ctx.vault = new Vault(g.ctx.store, join(root, 'data', 'vault.key'));
  await g.ctx.vault.set('tf-plan-readonly', 'plan-only-credential-value');
  g.ctx.bindings = compileBindings(
    parseGateConfig({
      bindings: [
        { name: 'tf-plan', tool: 'terraform', env: 'prod', vars: { TF_TOKEN: 'tf-plan-readonly' } },
      ],
    }).bindings,
  );
});

afterAll(async () => {
  await g.close();
  await phones.close();
  rmSync(root, { recursive: true, force: true });
});

/** The agent's Claude Code hook, answered by the gate (as `install claude-code --http` wires it). */
async function hook(toolName: string, toolInput: Record<string, unknown>, cwd = prod) {
  const res = await fetch(`${g.url}/v1/hooks/claude-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      session_id: 'cost-fix-1',
      cwd,
      hook_event_name: 'PreToolUse',
      tool_name: toolName,
      tool_input: toolInput,
    }),
  });
  expect(res.status).toBe(200);
  const out = (await res.json()) as {
    hookSpecificOutput: { permissionDecision: string; permissionDecisionReason?: string };
  };
  return out.hookSpecificOutput;
}
const ticketOf = (reason = ''): string => /Approval (apr_[a-z2-7]{20})/.exec(reason)?.[1] ?? '';
const vote = (who: string, id: string, v: 'approve' | 'deny', comment?: string) =>
  g.call('POST', `/v1/approvals/${id}/${v}`, {
    auth: sessions[who],
    body: comment ? { comment } : {},
  });

describe('DESIGN.md §0: the scenario we must win', () => {
  let destroyTicket = '';

  it('three ways to "start clean" in prod are each held for peer review, with a ticket', async () => {
    const attempts = [
      'terraform destroy -auto-approve',
      'aws cloudformation delete-stack --stack-name cost-explorer-prod --profile prod',
      'bash -c "$(echo dGVycmFmb3JtIGRlc3Ryb3k= | base64 -d)"',
    ];
    for (const command of attempts) {
      const out = await hook('Bash', { command });
      expect(out.permissionDecision, command).toBe('deny');
      expect(out.permissionDecisionReason, command).toContain('peer review by 2 approvers');
      const id = ticketOf(out.permissionDecisionReason);
      expect(id, command).not.toBe('');
      const reply = await g.call('GET', `/v1/approvals/${id}`, { auth: sessions.alice });
      expect((reply.body as { approval: { risk: string; required: number } }).approval).toMatchObject({
        risk: 'catastrophic',
        required: 2,
      });
      if (command.startsWith('terraform')) destroyTicket = id;
    }
  });

  it('the approvers were notified on their phones (View only: catastrophic never gets one-tap buttons)', async () => {
    const end = Date.now() + 5000;
    while (phones.requests.length < 6 && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    expect(phones.requests.length).toBe(6);
    for (const r of phones.requests) expect(r.body).not.toContain('/v1/links/');
  });

  it('the operator who launched the agent does not count; the second approver denies with a comment', async () => {
    const self = await vote('oscar', destroyTicket, 'approve');
    expect(self.status).toBe(403);
    expect((self.body as { error: { code: string } }).error.code).toBe('approval/self-approval');
    const first = await vote('alice', destroyTicket, 'approve');
    expect((first.body as { approval: { status: string } }).approval.status).toBe('pending');
    const no = await vote('bob', destroyTicket, 'deny', "fix the bug, don't rebuild prod");
    expect((no.body as { approval: { status: string } }).approval.status).toBe('denied');
  });

  it('the agent receives that comment', async () => {
    const out = await hook('Bash', { command: 'terraform destroy -auto-approve' });
    expect(out.permissionDecision).toBe('deny');
    expect(out.permissionDecisionReason).toContain("fix the bug, don't rebuild prod");
  });

  it('editing its own hook config to remove the gate is denied', async () => {
    const out = await hook(
      'Edit',
      {
        file_path: join(prod, '.claude', 'settings.json'),
        old_string: '"PreToolUse"',
        new_string: '"Disabled"',
      },
      prod,
    );
    expect(out.permissionDecision).toBe('deny');
    expect(out.permissionDecisionReason).toMatch(/denied/i);
  });

  it('a read-only terraform plan is run by the broker, with the plan-only credentials', async () => {
    const res = await fetch(`${g.url}/v1/exec`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        request: { kind: 'shell', agent: 'cost-fixer', cwd: prod, command: 'terraform plan' },
      }),
    });
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; decision?: { verdict: string }; code?: number });
    expect(lines[0]?.decision?.verdict).toBe('allow');
    expect(lines.at(-1)?.type).toBe('exit');
    const start = (await g.ctx.store.listAudit({ type: 'exec.start' })).at(-1);
    expect(JSON.stringify(start?.data)).toContain('tf-plan');
    expect(JSON.stringify(start?.data)).not.toContain('plan-only-credential-value');
  });

  it('the audit trail shows all of it, and the chain verifies', async () => {
    const events = await g.ctx.store.listAudit({ limit: 1000 });
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'approval.requested',
      'approval.vote',
      'approval.denied',
      'decision',
      'exec.start',
      'exec.end',
    ]) {
      expect(types.has(t), t).toBe(true);
    }
    const verified = await g.call('GET', '/v1/audit/verify', { auth: sessions.alice });
    expect(verified.body).toMatchObject({ ok: true, count: events.length });
    expect((await verifyChain(events, g.ctx.auditKey.publicKey)).ok).toBe(true);
  });
});
