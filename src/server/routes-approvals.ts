/**
 * The path every action takes through the API (DESIGN.md §1, §5): an agent asks `/v1/decide`, humans vote on the
 * approvals it opens, the agent reads (or waits on) its own. Every rule about who may vote is the gate's; these
 * routes only check who is calling and translate.
 */
import { performance } from 'node:perf_hooks';
import type { Hono } from 'hono';
import { approvalView } from '../gate/rules.js';
import type { ApprovalView } from '../gate/types.js';
import { requireCaller, requireDecider, requireHuman, type AppEnv } from './auth.js';
import { ApiError, toApiError, type ApiErrorCode } from './errors.js';
import type { RouteDeps } from './routes.js';
import {
  approvalQuery,
  approvalsQuery,
  approveBody,
  bulkBody,
  decideBody,
  denyBody,
  readJson,
  readQuery,
  toActionRequest,
} from './schemas.js';

type BulkResult =
  | { id: string; ok: true; approval: ApprovalView }
  | { id: string; ok: false; error: { code: ApiErrorCode; message: string } };

export function approvalRoutes(app: Hono<AppEnv>, { ctx, metrics, onError }: RouteDeps): void {
  app.post('/v1/decide', async (c) => {
    // Who may ask is settled before the body is read: a refused caller learns nothing about validation.
    if (c.get('principal') === undefined && !ctx.settings.anonymousAgents) {
      throw new ApiError('auth/required', 'an agent token is required');
    }
    const body = await readJson(c, decideBody);
    const who = requireDecider(c, ctx, body.request.agent);
    const waitMs = (body.wait ?? 0) * 1000;
    const started = performance.now();
    const decision = await ctx.gate.decide(toActionRequest(body.request), who, { waitMs });
    metrics.decision(
      decision.verdict,
      waitMs > 0 ? undefined : (performance.now() - started) / 1000,
    );
    return c.json(decision);
  });

  app.get('/v1/approvals', async (c) => {
    const who = requireCaller(c);
    const q = readQuery(c, approvalsQuery);
    if (who.kind === 'agent' && q.agent !== undefined && q.agent !== who.name) {
      throw new ApiError('auth/forbidden', 'an agent reads only its own requests');
    }
    const rows = await ctx.store.listApprovals({
      ...(q.status ? { status: q.status } : {}),
      ...(who.kind === 'agent' ? { agent: who.name } : q.agent ? { agent: q.agent } : {}),
      ...(q.session ? { session: q.session } : {}),
      limit: q.limit ?? 100,
    });
    const now = ctx.now();
    return c.json({ approvals: rows.map((r) => approvalView(r, now, ctx.settings.publicUrl)) });
  });

  app.post('/v1/approvals/bulk', async (c) => {
    const who = requireHuman(c);
    const body = await readJson(c, bulkBody);
    const ids =
      body.ids ??
      (await ctx.store.listApprovals({ status: 'pending', session: body.session, limit: 100 })).map(
        (r) => r.id,
      );
    const results: BulkResult[] = [];
    // A TOTP code is single-use: check and spend it once for the whole batch, not once per request.
    const totpPassed = body.totp !== undefined && body.totp !== '';
    if (totpPassed) await ctx.gate.spendTotp(who, body.totp ?? '');
    // One at a time: each vote is judged on the state the previous one left.
    for (const id of ids) {
      try {
        const approval = await ctx.gate.vote(
          id,
          who,
          { vote: body.vote, ...(body.comment !== undefined ? { comment: body.comment } : {}) },
          { totpPassed },
        );
        results.push({ id, ok: true, approval });
      } catch (err) {
        const api = toApiError(err);
        if (!api) onError?.(err, `bulk vote ${id}`);
        const code = api?.code ?? 'internal';
        results.push({ id, ok: false, error: { code, message: api?.message ?? 'internal error' } });
      }
    }
    return c.json({ results });
  });

  app.get('/v1/approvals/:id', async (c) => {
    const who = requireCaller(c);
    const q = readQuery(c, approvalQuery);
    const id = c.req.param('id');
    if (q.wait) await ctx.gate.waitFor(id, who, q.wait * 1000);
    const { view, record } = await ctx.gate.getApproval(id, who);
    return c.json({ approval: view, request: record.request, decision: record.decision });
  });

  app.post('/v1/approvals/:id/approve', async (c) => {
    const who = requireHuman(c);
    const body = await readJson(c, approveBody, { empty: true });
    const approval = await ctx.gate.vote(c.req.param('id'), who, { vote: 'approve', ...body });
    return c.json({ approval });
  });

  app.post('/v1/approvals/:id/deny', async (c) => {
    const who = requireHuman(c);
    const body = await readJson(c, denyBody, { empty: true });
    const approval = await ctx.gate.vote(c.req.param('id'), who, { vote: 'deny', ...body });
    return c.json({ approval });
  });
}
