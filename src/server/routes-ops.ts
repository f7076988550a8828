/**
 * What humans read about the gate itself (API.md): the audit trail (search, verify, export), the policy in force
 * with a dry-run box, and the notification channels.
 */
import { hostname } from 'node:os';
import type { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { analyzeRequestReady, type ActionRequest } from '../analyze/request.js';
import { verifyChain } from '../gate/audit/chain.js';
import { toJsonl, toSyslog } from '../gate/audit/export.js';
import type { GateContext } from '../gate/context.js';
import { findChannel, NotifyError, type ApprovalNotice } from '../notify/index.js';
import { policyEvaluator, renderPolicy, type Policy } from '../policy/index.js';
import type { AuditEvent } from '../store/store.js';
import { requireAdmin, requireHuman, type AppEnv } from './auth.js';
import { ApiError } from './errors.js';
import type { RouteDeps } from './routes.js';
import {
  auditQuery,
  exportQuery,
  notifyTestBody,
  policyQuery,
  policyTestBody,
  readJson,
  readQuery,
} from './schemas.js';

const PAGE = 500;

/** The whole chain in order, a page at a time (memory stays flat however long it is). */
async function* allEvents(ctx: GateContext): AsyncGenerator<AuditEvent> {
  let after = 0;
  for (;;) {
    const page = await ctx.store.listAudit({ afterSeq: after, limit: PAGE, order: 'asc' });
    yield* page;
    const last = page.at(-1);
    if (page.length < PAGE || !last) return;
    after = last.seq;
  }
}

/** The policy for `cwd`; one that cannot load means the gate cannot judge there (its answer would be deny). */
function policyAt(ctx: GateContext, cwd: string): Policy {
  try {
    return ctx.policyFor(cwd);
  } catch (err) {
    throw new ApiError(
      'gate/unavailable',
      `the policy for ${cwd} cannot load: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

export function opsRoutes(app: Hono<AppEnv>, { ctx }: RouteDeps): void {
  app.get('/v1/audit', async (c) => {
    requireHuman(c);
    const q = readQuery(c, auditQuery);
    const events = await ctx.store.listAudit({
      ...(q.after !== undefined ? { afterSeq: q.after } : {}),
      ...(q.before !== undefined ? { beforeSeq: q.before } : {}),
      ...(q.type ? { type: q.type } : {}),
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.q ? { text: q.q } : {}),
      ...(q.since ? { since: q.since } : {}),
      ...(q.until ? { until: q.until } : {}),
      limit: q.limit ?? 100,
      order: q.order ?? 'desc',
    });
    return c.json({ events });
  });

  app.get('/v1/audit/verify', async (c) => {
    requireHuman(c);
    const r = await verifyChain(allEvents(ctx), ctx.auditKey.publicKey);
    if (!r.ok) return c.json({ ok: false, count: r.count, seq: r.seq, why: r.why });
    return c.json({ ok: true, count: r.count, ...(r.head ? { head: r.head } : {}) });
  });

  app.get('/v1/audit/export', (c) => {
    requireAdmin(c);
    const format = readQuery(c, exportQuery).format ?? 'jsonl';
    const opts = { hostname: hostname(), procId: process.pid };
    c.header(
      'content-type',
      format === 'jsonl' ? 'application/x-ndjson' : 'text/plain; charset=utf-8',
    );
    return stream(c, async (out) => {
      for await (const ev of allEvents(ctx)) {
        if (out.aborted) return;
        await out.write(format === 'jsonl' ? toJsonl(ev) : `${toSyslog(ev, opts)}\n`);
      }
    });
  });

  app.get('/v1/policy', (c) => {
    requireHuman(c);
    const cwd = readQuery(c, policyQuery).cwd ?? process.cwd();
    const policy = policyAt(ctx, cwd);
    return c.json({ text: renderPolicy(policy), layers: policy.layers, version: policy.version });
  });

  app.post('/v1/policy/test', async (c) => {
    requireHuman(c);
    const body = await readJson(c, policyTestBody);
    const request: ActionRequest = {
      kind: 'shell',
      command: body.command,
      cwd: body.cwd ?? process.cwd(),
      agent: body.agent ?? 'unknown',
    };
    const policy = policyAt(ctx, request.cwd);
    const actions = await analyzeRequestReady(request);
    // A dry run: the policy's answer alone, with no approval opened and nothing consumed.
    const decision = policyEvaluator(policy, { now: () => new Date(ctx.now()) })(actions, request);
    return c.json({ decision });
  });

  app.get('/v1/notify', (c) => {
    requireHuman(c);
    const channels = ctx.notifiers.map((n) => ({
      name: n.name,
      type: n.type,
      risks: n.risks,
      stage: n.stage,
    }));
    return c.json({ channels });
  });

  app.post('/v1/notify/test', async (c) => {
    const who = requireAdmin(c);
    const body = await readJson(c, notifyTestBody);
    const channel = findChannel(body.channel, ctx.notifiers);
    if (!channel) throw new ApiError('request/not-found', `no channel named ${body.channel}`);
    const now = ctx.now();
    const notice: ApprovalNotice = {
      kind: 'test',
      approvalId: 'apr_test',
      agent: 'portcullis',
      summary: 'portcullis notify test',
      risk: 'low',
      env: 'unknown',
      required: 1,
      reasons: [`a test sent by ${who.human.name}`],
      expiresAt: now + 15 * 60_000,
      links: { view: ctx.settings.publicUrl },
    };
    let error: string | undefined;
    try {
      await channel.send(notice, AbortSignal.timeout(15_000));
    } catch (err) {
      if (!(err instanceof NotifyError)) throw err;
      error = err.message;
    }
    await ctx.audit.record('notify.test', `human:${who.human.name}`, {
      channel: channel.name,
      ok: error === undefined,
      ...(error !== undefined ? { error } : {}),
    });
    return c.json(error === undefined ? { ok: true } : { ok: false, error });
  });
}
