/**
 * Running one hook invocation, failing closed in the agent's own terms: garbage, empty or oversize input, a
 * payload of the wrong shape, an internal error, a judge that cannot start (a missing or broken policy) or a
 * spent time budget all become that agent's deny — never its "proceed".
 */
import type { ActionRequest } from '../../analyze/request.js';
import type { Decision } from '../../policy/types.js';
import type { HookAdapter, HookOutput, RenderContext } from './adapter.js';
import { askInsteadMessage, errorLine, failClosedMessage } from './messages.js';

/** Largest hook payload accepted. Agents send kilobytes; a 10 MB payload is an attack or a bug. */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** Judges a request; may be async (the gate daemon, a policy that loads) or sync (in-process). */
export type Judge = (request: ActionRequest) => Decision | Promise<Decision>;

export interface RunOptions {
  /** Working directory to assume when the payload has none. */
  cwd: string;
  /** Override the adapter's time budget (the CLI passes what is left of it after reading stdin; tests). */
  budgetMs?: number;
}

const VERDICTS: ReadonlySet<string> = new Set(['allow', 'ask', 'deny']);

function timeout(ms: number): { promise: Promise<'timeout'>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      resolve('timeout');
    }, ms);
    timer.unref();
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(timer);
    },
  };
}

/** Text a deny carries when it stands in for an ask (kept for callers of the first version). */
export function askInsteadText(decision: Decision): string {
  return askInsteadMessage(decision);
}

/** Process one raw hook payload with `adapter`, judging it with `judge`. Never throws, never allows on error. */
export async function runHook<P>(
  adapter: HookAdapter<P>,
  raw: string | Buffer,
  judge: Judge,
  opts: RunOptions,
): Promise<HookOutput> {
  const deny = (why: string): HookOutput => adapter.failClosed(failClosedMessage(why));
  try {
    const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
    if (size > MAX_PAYLOAD_BYTES) {
      return deny(`the hook payload is over the ${MAX_PAYLOAD_BYTES}-byte limit`);
    }
    const text = typeof raw === 'string' ? raw : raw.toString('utf8');
    if (text.trim() === '') return deny('the hook payload is empty');
    let payload: P;
    try {
      payload = adapter.parse(JSON.parse(text) as unknown);
    } catch (err) {
      return deny(`unreadable ${adapter.agent} hook payload: ${errorLine(err)}`);
    }
    let request: ActionRequest | undefined;
    try {
      request = adapter.toRequest(payload, opts.cwd);
    } catch (err) {
      return deny(`unreadable tool call: ${errorLine(err)}`);
    }
    if (!request) return adapter.passThrough(payload);
    const budget = opts.budgetMs ?? adapter.budgetMs;
    if (budget <= 0) return deny('no time left to decide; retry shortly');
    const clock = timeout(budget);
    let result: Decision | 'timeout';
    try {
      result = await Promise.race([Promise.resolve(judge(request)), clock.promise]);
    } finally {
      clock.cancel();
    }
    if (result === 'timeout') return deny(`no decision within ${budget} ms; retry shortly`);
    if (!VERDICTS.has(result.verdict)) return deny(`the judge returned no verdict`);
    const ctx: RenderContext = {
      // A gate ticket is the authority once the gate opened one; a local prompt would leave it dangling.
      askLocally:
        adapter.nativeAsk &&
        (result.approvals?.required ?? 1) < 2 &&
        !('approval' in result && result.approval !== undefined),
      askInstead: askInsteadMessage(result),
    };
    return adapter.render(result, payload, ctx);
  } catch (err) {
    return deny(`internal error: ${errorLine(err)}`);
  }
}
