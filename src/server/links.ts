/**
 * Signed notification links (DESIGN.md §10): a one-tap approve or deny for one approver on one request, that
 * works once and expires. The token is `base64url(JSON claims) "." base64url(HMAC-SHA256(linkKey, domain +
 * payload))`, so it needs no storage until it is used; its nonce is then spent in the store (exactly once across
 * replicas). Links exist only for the risks `inlineFor` lists and never for catastrophic ones, and that is checked
 * again when the link is used: a link minted by mistake still cannot approve what needs the authenticated page.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { GateContext } from '../gate/context.js';
import type { ApprovalView, GateSettings, HumanPrincipal } from '../gate/types.js';
import { clientIp, enforceLimit, type AppEnv } from './auth.js';
import { ApiError } from './errors.js';
import type { RouteDeps } from './routes.js';
import { linkBody, nameSchema, readJson } from './schemas.js';

/** Separates these MACs from anything else the link key might ever sign. */
const DOMAIN = 'portcullis-link.v1.';
const MAX_TOKEN = 1024;
/** The longest a link may live: an approval itself lives 15 minutes by default. */
export const MAX_LINK_MS = 24 * 3600_000;

const claimsSchema = z.strictObject({
  approvalId: z.string().regex(/^apr_[a-z2-7]{20}$/),
  vote: z.enum(['approve', 'deny']),
  approver: nameSchema,
  /** Milliseconds since the epoch. */
  exp: z.number().int().positive(),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});

export type LinkClaims = z.infer<typeof claimsSchema>;

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key)
    .update(DOMAIN + payload)
    .digest();
}

/** May a notification for `risk` carry one-tap links? Only risks in `inlineFor`, and never catastrophic. */
export function inlineAllowed(settings: Pick<GateSettings, 'inlineFor'>, risk: string): boolean {
  return risk !== 'catastrophic' && settings.inlineFor.includes(risk);
}

/**
 * Sign a link for the notification dispatcher: `approver` casts `vote` on `approvalId` by POSTing to
 * `${publicUrl}/v1/links/<token>` within `ttlMs` (at most a day). The caller checks {@link inlineAllowed} first.
 */
export function signLink(
  ctx: Pick<GateContext, 'linkKey' | 'now'>,
  opts: { approvalId: string; vote: 'approve' | 'deny'; approver: string; ttlMs: number },
): string {
  const claims = claimsSchema.parse({
    approvalId: opts.approvalId,
    vote: opts.vote,
    approver: opts.approver,
    exp: ctx.now() + Math.min(Math.max(opts.ttlMs, 1), MAX_LINK_MS),
    nonce: randomBytes(16).toString('base64url'),
  });
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(ctx.linkKey, payload).toString('base64url')}`;
}

/** Check a link's signature, then its shape and expiry. Throws `link/invalid` or `link/expired`. */
export function verifyLink(ctx: Pick<GateContext, 'linkKey' | 'now'>, token: string): LinkClaims {
  const invalid = new ApiError('link/invalid', 'this link is not valid');
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (token.length > MAX_TOKEN || !m?.[1] || !m[2]) throw invalid;
  const sent = Buffer.from(m[2], 'base64url');
  const want = mac(ctx.linkKey, m[1]);
  if (sent.length !== want.length || !timingSafeEqual(sent, want)) throw invalid;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const r = claimsSchema.safeParse(parsed);
  if (!r.success) throw invalid;
  if (r.data.exp <= ctx.now()) throw new ApiError('link/expired', 'this link has expired');
  return r.data;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (s: string): string => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

/** A small page with no script (the CSP allows none): chat apps and mail open links with GET. */
function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" ` +
    `content="width=device-width,initial-scale=1"><title>${esc(title)} · Portcullis</title><style>` +
    'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}' +
    'code{display:block;white-space:pre-wrap;word-break:break-all;padding:.5rem;border:1px solid #8884}' +
    'button{font:inherit;padding:.6rem 1.2rem;margin-top:1rem}' +
    `@media(prefers-color-scheme:dark){body{background:#111;color:#eee}}</style></head><body>` +
    `<h1>${esc(title)}</h1>${body}</body></html>`
  );
}

function wantsHtml(accept: string | undefined): boolean {
  return (accept ?? '').includes('text/html');
}

export function linkRoutes(app: Hono<AppEnv>, { ctx, limiters }: RouteDeps): void {
  // GET only shows what the link would do: mail scanners and chat previews fetch links, and must not vote.
  app.get('/v1/links/:token', async (c) => {
    enforceLimit(limiters.anonymous, `ip:${clientIp(c)}`);
    c.header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    );
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    let link: LinkClaims;
    try {
      link = verifyLink(ctx, c.req.param('token') ?? '');
    } catch (err) {
      const why = err instanceof ApiError ? err.message : 'this link is not valid';
      return c.html(page('Link not usable', `<p>${esc(why)}.</p>`), 400);
    }
    const record = await ctx.store.getApproval(link.approvalId);
    if (!record) return c.html(page('Not found', '<p>This request no longer exists.</p>'), 404);
    const verb = link.vote === 'approve' ? 'Approve' : 'Deny';
    return c.html(
      page(
        `${verb} as ${link.approver}?`,
        `<p>Agent <b>${esc(record.agent)}</b> wants to run (${esc(record.risk)}, ${esc(record.env)}):</p>` +
          `<code>${esc(record.summary)}</code><form method="post"><button type="submit">${verb}</button></form>` +
          `<p><a href="${esc(ctx.settings.publicUrl)}/approvals/${esc(record.id)}">Open it in the console</a></p>`,
      ),
    );
  });

  app.post('/v1/links/:token', async (c) => {
    if (wantsHtml(c.req.header('accept'))) {
      // The confirm page's form: answer with a page, not JSON. Errors go through the same refusals below.
      try {
        const res = await castLinkVote(c);
        return c.html(page('Done', `<p>Your vote is recorded: ${esc(res.status)}.</p>`));
      } catch (err) {
        const why = err instanceof Error ? err.message : 'internal error';
        return c.html(page('Not recorded', `<p>${esc(why)}</p>`), 400);
      }
    }
    return c.json({ approval: await castLinkVote(c) });
  });

  async function castLinkVote(c: Context<AppEnv>) {
    enforceLimit(limiters.anonymous, `ip:${clientIp(c)}`);
    const token = c.req.param('token') ?? '';
    verifyLink(ctx, token);
    const body = await readJson(c, linkBody, { empty: true });
    return voteByLink(ctx, token, body.comment);
  }
}

/**
 * Cast the vote a signed link carries, once: the HTTP route and the Telegram buttons both end here. Throws
 * `ApiError` (link/*, approval/*) or the gate's refusal; never votes twice for one link.
 */
export async function voteByLink(
  ctx: GateContext,
  token: string,
  comment?: string,
): Promise<ApprovalView> {
  const link = verifyLink(ctx, token);
  const human = await ctx.store.getHuman(link.approver);
  if (!human || human.disabled)
    throw new ApiError('link/invalid', 'the approver of this link is gone');
  if (human.mustChangePassword) {
    throw new ApiError('auth/password-change-required', 'log in and change your password first');
  }
  const record = await ctx.store.getApproval(link.approvalId);
  if (!record) throw new ApiError('approval/not-found', `no approval ${link.approvalId}`);
  if (!inlineAllowed(ctx.settings, record.risk)) {
    throw new ApiError(
      'link/not-inline',
      `a ${record.risk} request is decided on the approval page`,
    );
  }
  if (!(await ctx.store.useNonce(`link:${link.nonce}`, link.exp))) {
    throw new ApiError('link/used', 'this link has been used');
  }
  const now = ctx.now();
  // The link stands in for a login: a session that exists only for this one vote.
  const who: HumanPrincipal = {
    kind: 'human',
    human,
    session: {
      id: `link:${link.nonce}`,
      human: human.name,
      csrf: '',
      createdAt: now,
      expiresAt: link.exp,
    },
  };
  await ctx.audit.record('link.used', `human:${human.name}`, {
    approval: record.id,
    vote: link.vote,
  });
  const note =
    comment ?? (link.vote === 'deny' ? `denied from a notification by ${human.name}` : undefined);
  return ctx.gate.vote(record.id, who, {
    vote: link.vote,
    ...(note !== undefined ? { comment: note } : {}),
  });
}
