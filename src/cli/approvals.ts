/**
 * The approval queue from the CLI: `pending`, `show`, `approve`, `deny`. The gate enforces every rule (no
 * self-approval, one vote each, TOTP for the riskiest); these commands show what is asked, send the human's vote
 * and say plainly what the gate answered.
 */
import { ClientError, UsageError } from './client.js';
import type {
  ActionView,
  ApprovalDetail,
  ApprovalView,
  BulkResult,
  RequestView,
} from './client-schemas.js';
import { age, clip, json, table, until, when } from './gate-format.js';
import { GATE_EXIT, type Gate } from './gate-run.js';
import { askTotp, totpOption } from './login.js';

/** "1/2": approvals that count over approvals required. */
function tally(a: ApprovalView): string {
  return `${String(a.approvedBy.length)}/${String(a.required)}`;
}

/** `portcullis pending [--agent A] [--session S] [--json]`. */
export async function pending(
  g: Gate,
  opts: { agent?: string; session?: string; json?: boolean },
): Promise<number> {
  const r = await g.client.listApprovals({
    status: 'pending',
    agent: opts.agent,
    session: opts.session,
  });
  if (opts.json === true) {
    g.io.out(json(r));
    return GATE_EXIT.ok;
  }
  if (r.approvals.length === 0) {
    g.io.out('no pending approvals\n');
    return GATE_EXIT.ok;
  }
  const now = g.io.now();
  const rows = r.approvals.map((a) => [
    a.id,
    age(a.createdAt, now),
    until(a.expiresAt, now),
    a.agent,
    a.risk,
    a.env,
    tally(a),
    a.summary,
  ]);
  g.io.out(
    table(
      ['ID', 'AGE', 'EXPIRES IN', 'AGENT', 'RISK', 'ENV', 'N/M', 'SUMMARY'],
      rows,
      g.io.columns,
    ),
  );
  return GATE_EXIT.ok;
}

/** What was asked, by kind: the exact command for a shell request. */
function describeRequest(req: RequestView): string[] {
  const lines: string[] = [];
  switch (req.kind) {
    case 'shell':
      lines.push(`command:  ${req.command ?? '?'}`);
      break;
    case 'file':
      lines.push(`file:     ${req.tool ?? '?'} ${req.op ?? '?'} ${(req.paths ?? []).join(', ')}`);
      break;
    case 'mcp':
      lines.push(
        `mcp:      ${req.server ?? '?'} / ${req.tool ?? '?'}`,
        `args:     ${JSON.stringify(req.args ?? null)}`,
      );
      break;
    default:
      lines.push(
        `tool:     ${req.tool ?? req.kind}`,
        `input:    ${JSON.stringify(req.input ?? null)}`,
      );
  }
  if (req.cwd !== undefined) lines.push(`cwd:      ${req.cwd}`);
  if (req.session !== undefined) lines.push(`session:  ${req.session}`);
  return lines;
}

function describeAction(a: ActionView): string[] {
  const what = a.verb.startsWith(a.tool) ? a.verb : `${a.tool} ${a.verb}`;
  const lines = [
    `  • ${what}  [risk ${a.risk}, env ${a.env}${a.effect ? `, ${a.effect}` : ''}, rule ${a.rule}]`,
  ];
  if (a.via.length > 0) lines.push(`      via: ${a.via.join(' → ')}`);
  if (a.targets.length > 0) lines.push(`      targets: ${a.targets.join(', ')}`);
  for (const r of a.reasons) lines.push(`      ${r}`);
  return lines;
}

/** The full text of `show`: the request, its parsed actions, the decision, votes and comments. */
export function renderApproval(d: ApprovalDetail, now: number): string {
  const a = d.approval;
  const lines = [
    `approval ${a.id}: ${a.status}, ${tally(a)} approvals`,
    `agent:    ${a.agent}`,
    ...(d.request ? describeRequest(d.request) : [`summary:  ${a.summary}`]),
    `risk:     ${a.risk}   env: ${a.env}`,
    `created:  ${when(a.createdAt)} (${age(a.createdAt, now)} ago)`,
    `expires:  ${when(a.expiresAt)} (${until(a.expiresAt, now) === 'expired' ? 'expired' : `in ${until(a.expiresAt, now)}`})`,
    `url:      ${a.url}`,
  ];
  if (d.decision) {
    lines.push(
      '',
      `decision: ${d.decision.verdict} (rule ${d.decision.rule}, risk ${d.decision.risk})`,
    );
    for (const r of d.decision.reasons) lines.push(`  ${r}`);
    lines.push('actions:');
    for (const act of d.decision.actions) lines.push(...describeAction(act));
    if (d.decision.actions.length === 0) lines.push('  (none)');
  }
  lines.push('', 'votes:');
  if (a.approvedBy.length > 0) lines.push(`  approved by: ${a.approvedBy.join(', ')}`);
  if (a.deniedBy.length > 0) lines.push(`  denied by: ${a.deniedBy.join(', ')}`);
  if (a.approvedBy.length + a.deniedBy.length === 0) lines.push('  none yet');
  for (const c of a.comments) lines.push(`  ${c.approver} (${c.vote}): ${c.comment}`);
  return `${lines.join('\n')}\n`;
}

/** `portcullis show ID [--json]`. */
export async function show(g: Gate, id: string, opts: { json?: boolean }): Promise<number> {
  const d = await g.client.getApproval(id);
  g.io.out(opts.json === true ? json(d) : renderApproval(d, g.io.now()));
  return GATE_EXIT.ok;
}

/** One line saying where an approval stands after a vote. */
export function voteOutcome(a: ApprovalView): string {
  if (a.status === 'approved' || a.status === 'consumed')
    return `${a.id}: approved (${tally(a)}); the agent may now run it`;
  if (a.status === 'denied') {
    const why = a.comments.filter((c) => c.vote === 'deny').map((c) => c.comment);
    return `${a.id}: denied${why.length > 0 ? `; the agent is told: ${why.join(' / ')}` : ''}`;
  }
  if (a.status === 'pending') {
    const left = a.required - a.approvedBy.length;
    return `${a.id}: ${tally(a)} approvals, still pending (needs ${String(left)} more)`;
  }
  return `${a.id}: ${a.status}`;
}

function bulkErrorText(e: BulkResult['error']): { code: string; message: string } {
  if (e === undefined) return { code: 'unknown', message: 'refused' };
  return typeof e === 'string' ? { code: e, message: e } : e;
}

export interface VoteOptions {
  comment?: string;
  totp?: string;
  session?: string;
}

/**
 * `portcullis approve ID... | --session S` and `portcullis deny ID... --comment TEXT`. One id uses the approval's
 * own endpoint; several ids or a session go through the bulk endpoint. When the gate wants a TOTP code it was not
 * given, a terminal is asked for it once; a script is told to pass `--totp`. Exit 1 if any vote was refused.
 */
export async function vote(
  g: Gate,
  kind: 'approve' | 'deny',
  ids: string[],
  opts: VoteOptions,
): Promise<number> {
  const comment = opts.comment?.trim();
  if (kind === 'deny' && (comment === undefined || comment === ''))
    throw new UsageError('a deny needs --comment TEXT: it is what the agent is told');
  if (ids.length === 0 && opts.session === undefined)
    throw new UsageError(
      'name the approval ids, or --session S for every pending one of a session',
    );
  if (ids.length > 0 && opts.session !== undefined)
    throw new UsageError('give approval ids or --session, not both');
  let totp = totpOption(opts.totp);
  const body = (t: string | undefined) => ({
    ...(comment !== undefined && comment !== '' ? { comment } : {}),
    ...(t !== undefined ? { totp: t } : {}),
  });
  const [first] = ids;
  if (first !== undefined && ids.length === 1) {
    let res;
    try {
      res = await g.client.vote(first, kind, body(totp));
    } catch (e) {
      if (
        !(e instanceof ClientError) ||
        e.code !== 'approval/totp-required' ||
        totp !== undefined ||
        !g.io.interactive
      )
        throw e;
      totp = await askTotp(g, `TOTP code for ${first}: `);
      res = await g.client.vote(first, kind, body(totp));
    }
    g.io.out(`${voteOutcome(res.approval)}\n`);
    return GATE_EXIT.ok;
  }
  const target = opts.session !== undefined ? { session: opts.session } : { ids };
  let { results } = await g.client.bulk({ vote: kind, ...target, ...body(totp) });
  const needTotp = results.filter(
    (r) => !r.ok && bulkErrorText(r.error).code === 'approval/totp-required',
  );
  if (needTotp.length > 0 && totp === undefined && g.io.interactive) {
    totp = await askTotp(g, `TOTP code for ${needTotp.map((r) => r.id).join(', ')}: `);
    const again = await g.client.bulk({
      vote: kind,
      ids: needTotp.map((r) => r.id),
      ...body(totp),
    });
    const byId = new Map(again.results.map((r) => [r.id, r]));
    results = results.map((r) => byId.get(r.id) ?? r);
  }
  if (results.length === 0) {
    g.io.out(
      opts.session !== undefined
        ? `no pending approvals in session ${opts.session}\n`
        : 'nothing to vote on\n',
    );
    return GATE_EXIT.ok;
  }
  let refused = 0;
  for (const r of results) {
    if (r.ok && r.approval !== undefined) g.io.out(`${voteOutcome(r.approval)}\n`);
    else if (r.ok) g.io.out(`${r.id}: ${kind === 'approve' ? 'approved' : 'denied'}\n`);
    else {
      refused++;
      const e = bulkErrorText(r.error);
      const hint = e.code === 'approval/totp-required' ? ' (pass --totp CODE)' : '';
      g.io.err(`${r.id}: refused, ${e.code}: ${clip(e.message, 200)}${hint}\n`);
    }
  }
  return refused > 0 ? GATE_EXIT.refused : GATE_EXIT.ok;
}
