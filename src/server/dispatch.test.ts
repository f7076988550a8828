/**
 * From a held request to a phone and back: the gate notifies real loopback receivers (ntfy, a Telegram Bot API
 * fake) with signed links for high risk and View only for catastrophic; a Telegram button press comes back through
 * long polling and casts the link's single vote. Commands are data, never run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addHuman } from '../gate/accounts.js';
import type { GateContext } from '../gate/context.js';
import type { AgentPrincipal } from '../gate/types.js';
import { startReceiver, type Receiver } from '../notify/test-kit.js';
import type { TelegramConfig } from '../notify/schema.js';
import { makeTestContext } from './test-context.js';
import { startTelegramPollers } from './telegram.js';

const agent: AgentPrincipal = { kind: 'agent', name: 'claude' };
const shell = (command: string, cwd = '/srv/app') =>
  ({ kind: 'shell', agent: 'claude', cwd, command }) as const;

let ctx: GateContext | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
  for (const r of receivers.splice(0)) await r.close();
});

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 5000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('notifications from the gate', () => {
  it('ntfy: high risk carries signed Approve/Deny actions; catastrophic only View', async () => {
    const ntfy = await startReceiver();
    receivers.push(ntfy);
    ctx = await makeTestContext({
      notify: {
        channels: [
          { name: 'phone', type: 'ntfy', url: ntfy.url, topic: 'gate', approver: 'alice' },
        ],
      },
    });
    await addHuman(ctx, 'gate', { name: 'alice', role: 'approver' });
    const high = await ctx.gate.decide(shell('git push --force origin main'), agent);
    const first = await until(() => ntfy.requests[0]);
    const body = JSON.parse(first.body) as {
      actions: { label: string; url: string; method?: string }[];
    };
    const labels = body.actions.map((a) => a.label);
    expect(labels).toEqual(expect.arrayContaining(['Approve', 'Deny']));
    const approve = body.actions.find((a) => a.label === 'Approve');
    expect(approve?.url).toMatch(/\/v1\/links\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(first.body).toContain(high.approval!.id);

    await ctx.gate.decide(shell('terraform destroy -auto-approve', '/srv/infra/envs/prod'), agent);
    const second = await until(() => ntfy.requests[1]);
    const labels2 = (JSON.parse(second.body) as { actions: { label: string }[] }).actions.map(
      (a) => a.label,
    );
    expect(labels2).not.toContain('Approve');
    expect(labels2).not.toContain('Deny');
    const sent = await ctx.store.listAudit({ type: 'notify.sent' });
    expect(sent).toHaveLength(2);
  });

  it('escalation: desk channels at once, phone channels only if still pending after the delay', async () => {
    const desk = await startReceiver();
    const phone = await startReceiver();
    receivers.push(desk, phone);
    ctx = await makeTestContext({
      settings: { escalateAfterSeconds: 1 },
      notify: {
        channels: [
          { name: 'desk', type: 'ntfy', url: desk.url, topic: 'desk' },
          { name: 'phone', type: 'ntfy', url: phone.url, topic: 'phone', stage: 'phone' },
        ],
      },
    });
    await addHuman(ctx, 'gate', { name: 'alice', role: 'approver' });
    const settled = await ctx.gate.decide(shell('git push --force origin settled'), agent);
    const waiting = await ctx.gate.decide(shell('git push --force origin waiting'), agent);
    await until(() => (desk.requests.length === 2 ? true : undefined));
    expect(phone.requests).toHaveLength(0);
    const alice = (await ctx.store.getHuman('alice'))!;
    await ctx.gate.vote(
      settled.approval!.id,
      {
        kind: 'human',
        human: alice,
        session: {
          id: 's',
          human: 'alice',
          csrf: '',
          createdAt: 0,
          expiresAt: Date.now() + 60_000,
        },
      },
      { vote: 'approve' },
    );
    const escalated = await until(() => phone.requests[0], 4000);
    expect(escalated.body).toContain(waiting.approval!.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(phone.requests).toHaveLength(1);
  });

  it('a failing channel is audited, and the decision is unchanged', async () => {
    const broken = await startReceiver(() => ({ status: 500 }));
    receivers.push(broken);
    ctx = await makeTestContext({
      notify: {
        channels: [
          { name: 'desk', type: 'webhook', url: broken.url, secret: 'a-secret-of-16-chars' },
        ],
      },
    });
    const d = await ctx.gate.decide(shell('git push --force origin main'), agent);
    expect(d.verdict).toBe('ask');
    const failed = await until(
      async () => (await ctx!.store.listAudit({ type: 'notify.failed' }))[0],
    );
    expect(failed.data).toMatchObject({ channel: 'desk', approval: d.approval!.id });
  });

  it('telegram: an Approve press comes back by long polling and approves once', async () => {
    let press: unknown;
    const answers: string[] = [];
    const bot = await startReceiver((req) => {
      if (req.path.endsWith('/sendMessage'))
        return { body: { ok: true, result: { message_id: 1 } } };
      if (req.path.endsWith('/answerCallbackQuery')) {
        answers.push((JSON.parse(req.body) as { text: string }).text);
        return { body: { ok: true, result: true } };
      }
      if (req.path.endsWith('/getUpdates')) {
        const updates = press ? [press] : [];
        press = undefined;
        return { body: { ok: true, result: updates } };
      }
      return { status: 404 };
    });
    receivers.push(bot);
    const channel = {
      name: 'tg',
      type: 'telegram',
      botToken: '123456:ABC-def',
      chatId: 42,
      apiBase: bot.url,
      approver: 'alice',
    };
    ctx = await makeTestContext({ notify: { channels: [channel] } });
    await addHuman(ctx, 'gate', { name: 'alice', role: 'approver' });
    await ctx.store.updateHuman('alice', { mustChangePassword: false });
    const held = await ctx.gate.decide(shell('git push --force origin main'), agent);
    const sent = await until(() => bot.requests.find((r) => r.path.endsWith('/sendMessage')));
    const keyboard = (
      JSON.parse(sent.body) as {
        reply_markup: { inline_keyboard: { text: string; callback_data?: string }[][] };
      }
    ).reply_markup.inline_keyboard.flat();
    const data = keyboard.find((b) => b.text.includes('Approve'))?.callback_data;
    expect(data).toBeDefined();
    expect(Buffer.byteLength(data ?? '')).toBeLessThanOrEqual(64);

    const cfg = ctx.notifiers.length > 0 ? (channel as unknown as TelegramConfig) : undefined;
    const stop = startTelegramPollers(
      ctx,
      [{ ...cfg!, timeoutMs: 2000 }],
      () => undefined,
    );
    try {
      press = {
        update_id: 7,
        callback_query: {
          id: 'cq1',
          from: { id: 99, username: 'alice' },
          message: { chat: { id: 42 } },
          data,
        },
      };
      await until(() => answers[0]);
      expect(answers[0]).toContain('Approved as alice');
      expect((await ctx.store.getApproval(held.approval!.id))?.status).toBe('approved');
      // The same press again (Telegram redelivers after a restart) does not vote twice.
      press = {
        update_id: 8,
        callback_query: { id: 'cq2', from: { id: 99 }, message: { chat: { id: 42 } }, data },
      };
      await until(() => answers[1]);
      expect(answers[1]).toMatch(/Not recorded/);
    } finally {
      stop();
    }
  });
});
