/**
 * `portcullis exec` / `portcullis shell -c`: send a command to the gate's broker (`POST /v1/exec`, API.md
 * "Broker") with the agent's token (`PORTCULLIS_TOKEN`, else `hook.json`, as the hooks find it), show a live status
 * line while a human decides, stream the command's output to stdout/stderr and exit with its exit code.
 *
 * Exit codes: the command's own (128 + N when signal N ended it, 124 when the gate's timeout did) · 126 refused
 * by the gate (denied, not approved in time, an invalid token — like "cannot execute") · 3 gate unreachable or
 * failing · 2 usage · 130 cancelled with Ctrl-C (the gate then stops the run).
 */
import { gateTarget } from '../integrations/hooks/remote.js';
import { ClientError, GateClient, UsageError, resolveGateUrl } from './client.js';
import { approvalDetailSchema, type ApprovalView } from './client-schemas.js';
import { Cancelled, EXEC_EXIT, postExec, type DecisionView, type ExecIo } from './exec-stream.js';

export { EXEC_EXIT, type ExecIo } from './exec-stream.js';

export interface ExecOptions {
  command: string;
  /** Milliseconds to wait for a human; 0 = do not wait. */
  waitMs: number;
  /** Seconds the command may run on the gate. */
  timeoutSeconds?: number;
  gate?: string;
}

/** The status line, redrawn in place on a terminal, printed on change elsewhere. */
function statusLine(io: ExecIo): { show(text: string): void; clear(): void } {
  let last = '';
  return {
    show(text) {
      if (text === last) return;
      last = text;
      io.err(io.errIsTty ? `\r\x1b[K${text}` : `${text}\n`);
    },
    clear() {
      if (last !== '' && io.errIsTty) io.err('\r\x1b[K');
      last = '';
    },
  };
}

function waiting(a: { id: string; url: string; required: number; approvedBy: string[] }): string {
  return `waiting for approval ${a.id} at ${a.url} (${a.approvedBy.length}/${a.required}) — Ctrl-C cancels`;
}

function refusedText(d: DecisionView): string {
  return `portcullis exec: refused by the gate (${d.rule}): ${d.reasons.join('; ')}\n`;
}

/** Run `opts.command` through the gate. Resolves to the exit code; prints everything itself. */
export async function runExec(opts: ExecOptions, io: ExecIo): Promise<number> {
  const ac = new AbortController();
  const signal = io.signal ? AbortSignal.any([io.signal, ac.signal]) : ac.signal;
  const status = statusLine(io);
  let pending: string | undefined;
  try {
    const target = gateTarget(io.env, io.home);
    const url = resolveGateUrl(opts.gate ?? target.url, {});
    const token = target.token;
    const request = { kind: 'shell', command: opts.command, cwd: io.cwd, agent: 'portcullis-exec' };
    const deadline = io.now() + opts.waitMs;
    const timeout = opts.timeoutSeconds !== undefined ? { timeout: opts.timeoutSeconds } : {};
    const client =
      token !== undefined ? new GateClient({ baseUrl: url, session: token, signal }) : undefined;
    let wait = 0;
    for (;;) {
      const outcome = await postExec(url, token, { request, wait, ...timeout }, io, signal, (d) => {
        if (d.verdict === 'allow') status.clear();
      });
      if (outcome.kind === 'ran') return outcome.code;
      const d = outcome.decision;
      const approval = d.approval;
      status.clear();
      if (d.verdict !== 'ask' || !approval) {
        io.err(refusedText(d));
        return EXEC_EXIT.refused;
      }
      pending = approval.id;
      if (io.now() >= deadline) {
        io.err(
          opts.waitMs > 0
            ? `portcullis exec: ${approval.id} was not approved in time (${approval.url})\n`
            : `portcullis exec: needs approval: ${approval.id} at ${approval.url}\n  run it again once approved, or pass --wait\n`,
        );
        return EXEC_EXIT.refused;
      }
      status.show(waiting(approval));
      if (!client) {
        // Anonymous callers cannot read approvals: the gate itself holds the request until it is settled.
        wait = Math.max(1, Math.min(240, Math.ceil((deadline - io.now()) / 1000)));
        continue;
      }
      wait = 0;
      const settled = await follow(client, approval.id, deadline, io, status);
      if (settled.status === 'denied' || settled.status === 'expired') {
        status.clear();
        const said = (settled.comments ?? []).filter((c) => c.vote === 'deny');
        io.err(
          `portcullis exec: ${settled.id} was ${settled.status}` +
            (said.length > 0
              ? `: ${said.map((c) => `${c.approver}: "${c.comment}"`).join('; ')}`
              : '') +
            '\n',
        );
        return EXEC_EXIT.refused;
      }
      // approved (or spent by an identical request): ask again, which spends it and runs
    }
  } catch (err) {
    status.clear();
    if (err instanceof Cancelled || signal.aborted) {
      io.err(
        `portcullis exec: cancelled${pending ? ` (${pending} stays pending until it expires)` : ''}\n`,
      );
      return EXEC_EXIT.cancelled;
    }
    if (err instanceof UsageError) {
      io.err(`portcullis exec: ${err.message}\n`);
      return EXEC_EXIT.usage;
    }
    if (err instanceof ClientError) {
      io.err(
        `portcullis exec: ${err.status > 0 && err.code !== 'gate/bad-response' ? `${err.code}: ` : ''}${err.message}\n`,
      );
      return err.status >= 400 && err.status < 500 ? EXEC_EXIT.refused : EXEC_EXIT.unavailable;
    }
    io.err(`portcullis exec: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXEC_EXIT.unavailable;
  }
}

/** Poll an approval (the agent's own) until it leaves pending or the deadline passes, keeping the status fresh. */
async function follow(
  client: GateClient,
  id: string,
  deadline: number,
  io: ExecIo,
  status: { show(text: string): void },
): Promise<ApprovalView> {
  for (;;) {
    const left = Math.ceil((deadline - io.now()) / 1000);
    const wait = Math.max(0, Math.min(10, left));
    const res = await client.send('GET', `/v1/approvals/${encodeURIComponent(id)}`, {
      query: { wait },
      timeoutMs: (wait + 15) * 1000,
    });
    const r = approvalDetailSchema.safeParse(await res.json());
    if (!r.success)
      throw new ClientError(
        'gate/bad-response',
        `the gate's answer about ${id} is not readable`,
        200,
      );
    const view = r.data.approval;
    if (view.status !== 'pending') return view;
    status.show(waiting(view));
    if (io.now() >= deadline) return view;
  }
}
