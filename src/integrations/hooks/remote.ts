/**
 * A hook talking to the gate daemon (DESIGN.md §8): when `portcullis serve` runs, the hook forwards the request
 * over loopback HTTP so approvals, scope and audit apply; otherwise it decides in-process. The rules, in order:
 *
 * - the gate answers → its decision (an ask carries the approval ticket);
 * - the gate is reachable but fails (an error status, a timeout, a garbled answer) → deny: never fall back to a
 *   local decision, which would let an overloaded gate become a way around scope and approvals;
 * - nothing listens (connection refused) and the agent has a token → deny: a scoped agent needs its gate;
 * - nothing listens and no token → decide in-process; an ask then cannot open an approval, so the answer says so.
 *
 * node:http rather than fetch: it loads in a fraction of the time, and this is on every hook call's path.
 */
import { request as httpRequest } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ActionRequest } from '../../analyze/request.js';
import type { Decision } from '../../policy/types.js';
import type { Judge } from './run.js';

export const DEFAULT_GATE_URL = 'http://127.0.0.1:7421';
/** How long a hook waits for the gate: well inside every agent's hook timeout and our own answer budget. */
export const GATE_TIMEOUT_MS = 2500;
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface GateTarget {
  url: string;
  token?: string;
  timeoutMs: number;
}

/** A decision from the gate; `approval` names the ticket when the verdict is ask. */
export type RemoteDecision = Decision & {
  approval?: {
    id: string;
    url: string;
    status: string;
    comments?: { approver: string; comment: string }[];
  };
  /** Set on in-process decisions made because no gate was running. */
  offline?: boolean;
};

class GateUnreachable extends Error {}

/**
 * Where the hook finds its gate and token: `PORTCULLIS_GATE` / `PORTCULLIS_TOKEN`, else `hook.json` in the
 * Portcullis config directory (written by `install --token-stdin`). A `hook.json` that others can read or write is
 * refused (the hook then denies): its token is the agent's identity, and a file anyone can edit could point the
 * hook at another gate.
 */
export function gateTarget(env: NodeJS.ProcessEnv = process.env, home = homedir()): GateTarget {
  const file = readHookFile(
    join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'portcullis', 'hook.json'),
  );
  const url = env.PORTCULLIS_GATE ?? (typeof file.gate === 'string' ? file.gate : DEFAULT_GATE_URL);
  const token = env.PORTCULLIS_TOKEN ?? (typeof file.token === 'string' ? file.token : undefined);
  return { url, ...(token ? { token } : {}), timeoutMs: GATE_TIMEOUT_MS };
}

function readHookFile(path: string): { gate?: unknown; token?: unknown } {
  let text: string;
  try {
    if ((statSync(path).mode & 0o077) !== 0) {
      throw new Error(
        `${path} is readable or writable by others: chmod 600 it (it holds the agent's token)`,
      );
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  try {
    return JSON.parse(text) as { gate?: unknown; token?: unknown };
  } catch {
    throw new Error(`${path} is not valid JSON`);
  }
}

/** POST the request to the gate's `/v1/decide`. Throws `GateUnreachable` when nothing listens. */
export function decideRemote(request: ActionRequest, target: GateTarget): Promise<RemoteDecision> {
  const body = JSON.stringify({ request });
  // Relative to the gate URL, so a gate behind a path prefix (https://host/portcullis/) keeps it.
  const url = new URL('v1/decide', target.url.endsWith('/') ? target.url : `${target.url}/`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
        },
        timeout: target.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error('the gate answer is too large'));
          else chunks.push(c);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new Error(`the gate refused: ${gateError(res.statusCode ?? 0, text)}`));
            return;
          }
          try {
            const d = JSON.parse(text) as RemoteDecision;
            if (!['allow', 'ask', 'deny'].includes(d.verdict) || !Array.isArray(d.reasons)) {
              throw new Error('no verdict');
            }
            resolve(d);
          } catch {
            reject(new Error('the gate sent an unreadable answer'));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`the gate did not answer within ${target.timeoutMs} ms`)),
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') {
        reject(new GateUnreachable(`no gate at ${target.url}`));
      } else reject(err);
    });
    req.end(body);
  });
}

function gateError(status: number, text: string): string {
  try {
    const e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
    if (e?.code) return `${e.code}${e.message ? ` (${e.message})` : ''}`;
  } catch {
    // fall through
  }
  return `HTTP ${status}`;
}

/**
 * The hook's judge: the gate when it runs, else `local` (the policy in force), following the rules in the module
 * comment. Local asks are marked `offline` so the answer can say that no approval could be opened.
 */
export function gateOrLocalJudge(
  local: Judge,
  target: GateTarget | (() => GateTarget) = gateTarget,
): Judge {
  return async (request) => {
    // Resolved per request, inside the judge: an unsafe hook.json is then this request's deny, named as such.
    const t = typeof target === 'function' ? target() : target;
    try {
      return await decideRemote(request, t);
    } catch (err) {
      if (!(err instanceof GateUnreachable)) throw err;
      if (t.token) {
        throw new Error(
          `${err.message}, and this agent has a Portcullis token: its requests must go through the gate (start it with \`portcullis serve\`)`,
        );
      }
    }
    const d = await local(request);
    return d.verdict === 'ask' ? { ...d, offline: true } : d;
  };
}
