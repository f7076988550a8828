/**
 * Self-protection of the running gate (issue 5): an agent that calls the gate's human-only API, stops the gate
 * or reads its credentials is approving itself as surely as one that edits its hooks (`self.ts`). Those doors
 * are not paths being written, so the write seam (`guardTargets`) cannot see them; the HTTP, interpreter and
 * process/service models and the shell engine call these helpers instead. Every finding is `self/portcullis`,
 * which the built-in policy denies. Pure string work.
 */
import { posix } from 'node:path';
import type { Action } from './types.js';
import type { Invocation, ToolContext } from './model.js';
import { gateSecretPath, secretAction } from './self-gate-secrets.js';

export { GATE_SECRET_REASON, gateSecretPath, gateSecretReads } from './self-gate-secrets.js';

export const GATE_API_REASON =
  "calls the gate's approval API: an agent must never approve, deny or mint tokens";
export const GATE_STOP_REASON =
  'stops or signals the gate: the hooks that judge this agent lose their gate';

const RULE = 'self/portcullis';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The path of a URL as written (scheme, user and host optional; httpie's `:7421/v1/...`), decoded. */
export function urlPath(url: string): string {
  const t = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = t.indexOf('/');
  if (slash < 0) return '/';
  let path = t.slice(slash).replace(/[?#].*$/s, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    // Malformed escapes: judge the text as written.
  }
  return posix.normalize(path);
}

/**
 * The human-only gate endpoint a URL names (`approvals/:id/approve`, `tokens`, ...), on any host or port, or
 * undefined. `always`: the endpoint only exists to decide or log in, so any method counts; otherwise only a
 * write does (agents and other services legitimately GET `/v1/agents` or `/v1/me`). `GET /v1/approvals`,
 * `/v1/decide` and `/v1/hooks/*` are what agents use and are never matched.
 */
export function gateEndpoint(url: string): { endpoint: string; always: boolean } | undefined {
  const segs = urlPath(url)
    .toLowerCase()
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  if (segs[0] !== 'v1') return undefined;
  const [, a = '', b = '', c = ''] = segs;
  const n = segs.length;
  const hit = (endpoint: string, always: boolean) => ({ endpoint, always });
  switch (a) {
    case 'approvals':
      // At depth 4 only approve and deny exist; a dynamic last segment is one of them or nothing.
      if (n === 4) return hit(`approvals/:id/${c}`, true);
      if (n === 3 && b === 'bulk') return hit('approvals/bulk', true);
      // `POST /v1/approvals/$X` can be the bulk vote; reading one approval (`GET .../$ID`) is an agent's right.
      return n === 3 && /[$`{*?[%]/.test(b) ? hit(`approvals/${b}`, false) : undefined;
    case 'login':
      return n === 2 ? hit('login', true) : undefined;
    case 'notify':
      return n === 3 && b === 'test' ? hit('notify/test', true) : undefined;
    case 'links':
      return n === 3 ? hit('links/:token', false) : undefined;
    case 'agents':
    case 'tokens':
    case 'humans':
      return hit(segs.slice(1).join('/'), false);
    case 'me':
      // The gate's own routes only: other services' `/v1/me/...` (a music player, a profile) are not the gate.
      return n === 2 || (n === 3 && (b === 'password' || b === 'totp'))
        ? hit(segs.slice(1).join('/'), false)
        : undefined;
    default:
      return undefined;
  }
}

function apiAction(ctx: ToolContext, tool: string, verb: string, url: string): Action {
  return ctx.action({
    tool,
    verb,
    effect: 'write',
    risk: 'high',
    rule: RULE,
    targets: [url],
    reversible: false,
    reasons: [GATE_API_REASON],
  });
}

/**
 * `self/portcullis` actions for an HTTP request (curl, wget, httpie ...) to human-only gate endpoints.
 * `method` is the one the client would send (explicit or implied); a method that is not known statically
 * (`-X "$M"`) counts as a write.
 */
export function gateApiActions(
  tool: string,
  method: string,
  urls: readonly string[],
  ctx: ToolContext,
): Action[] {
  const write = !READ_METHODS.has(method.toUpperCase());
  const out: Action[] = [];
  for (const url of urls) {
    const e = gateEndpoint(url);
    if (e && (e.always || write))
      out.push(apiAction(ctx, tool, `${method} /v1/${e.endpoint}`, url));
  }
  return out;
}

/** Something in code that sends a body or picks a method other than GET. */
const CODE_WRITES =
  /\b(post|put|patch|delete)\b|\b(data|json|body)\s*[:=]|method\s*[:=]\s*['"]?(?!get\b|head\b)\w/i;
/** Characters that end a URL token in code (quotes, brackets, separators, space). */
const TOKEN_END = /[\s'"`()<>,;]/;
/** Adjacent string literals joined by `+` (`'/v1/approvals/' + id + '/approve'`), as one placeholder. */
const CONCAT = /(['"`])\s*\+\s*[\w.$[\]]{1,100}(?:\([^()]{0,200}\))?\s*\+\s*(['"`])/g;
const LITERAL = /(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g;

/**
 * Every token of `text` that contains `/v1/` (`http://gate:7421/v1/approvals/{id}/approve`), at most 32:
 * found by `indexOf` and widened to the surrounding delimiters, so long code costs linear time.
 */
function v1Tokens(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  let at = lower.indexOf('/v1/');
  let floor = 0;
  while (at >= 0 && out.length < 32) {
    let start = at;
    while (start > floor && !TOKEN_END.test(text[start - 1] ?? ' ')) start--;
    let end = at + 4;
    while (end < text.length && !TOKEN_END.test(text[end] ?? ' ')) end++;
    out.push(text.slice(start, end));
    floor = end;
    at = lower.indexOf('/v1/', end);
  }
  return out;
}

/**
 * `self/portcullis` actions for interpreter code (python -c, node -e, ...): URLs of human-only gate endpoints
 * and literal paths of the gate's credentials. The method is seldom readable from code, so an endpoint that is
 * only for writes counts when the code sends a body or names a writing method anywhere.
 */
export function gateInCode(code: string, tool: string, ctx: ToolContext): Action[] {
  const text = code.slice(0, 64 * 1024);
  const joined = text.replace(CONCAT, '{}');
  const out: Action[] = [];
  const writes = CODE_WRITES.test(text);
  for (const token of v1Tokens(joined)) {
    const e = gateEndpoint(token);
    if (e && (e.always || writes))
      out.push(apiAction(ctx, tool, `request /v1/${e.endpoint}`, token));
    if (out.length >= 8) break;
  }
  for (const m of text.matchAll(LITERAL)) {
    const lit = m[2] ?? '';
    if (gateSecretPath(lit, ctx.cwd, ctx.env) !== undefined) out.push(secretAction(ctx, tool, lit));
    if (out.length >= 8) break;
  }
  return out;
}

const SYSTEMCTL_STOPS = new Set(
  `stop kill disable mask restart try-restart reload-or-restart try-reload-or-restart condrestart freeze clean
   edit set-property revert`.split(/\s+/),
);
const SERVICE_STOPS =
  /^(stop|force-stop|kill|disable|zap|restart|force-reload|try-restart|condrestart)$/;
const LAUNCHCTL_STOPS = /^(unload|bootout|stop|kill|remove|disable)$/;
const MENTION = /portcullis/i;
/** The gate's default port, as `lsof -t -i:7421` or `fuser 7421/tcp` would name it. */
const GATE_PORT = /(^|[^\d])7421([^\d]|$)/;

/** A unit name or glob (`portcullis.service`, `portc*`) that reaches the Portcullis unit. */
function gateUnit(unit: string): boolean {
  if (MENTION.test(unit)) return true;
  if (!/[*?[]/.test(unit) || unit.replace(/[*?[\]]/g, '').length < 2) return false;
  const re = unit
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  try {
    return new RegExp(`^${re}$`, 'i').test('portcullis.service');
  } catch {
    return false;
  }
}

/** A pkill pattern (a regex matched anywhere in the name or command line) that matches the gate. */
function gatePattern(pattern: string): boolean {
  if (MENTION.test(pattern)) return true;
  if ((pattern.match(/[a-z0-9]/gi) ?? []).length < 3) return false;
  try {
    return new RegExp(pattern, 'i').test('portcullis');
  } catch {
    return false;
  }
}

/** What the command does to the gate, if it stops or signals it. */
function stopTarget(inv: Invocation): string | undefined {
  const { name, args, words } = inv;
  const operands = args.filter((a) => !a.startsWith('-'));
  switch (name) {
    case 'systemctl': {
      const verb = args.findIndex((a) => SYSTEMCTL_STOPS.has(a));
      if (verb < 0) return undefined;
      const unit = args.slice(verb + 1).find((a) => !a.startsWith('-') && gateUnit(a));
      return unit && `systemctl ${args[verb] ?? ''} ${unit}`;
    }
    case 'service':
      return operands.length >= 2 &&
        gateUnit(operands[0] ?? '') &&
        SERVICE_STOPS.test(operands[1] ?? '')
        ? `service ${operands[0] ?? ''} ${operands[1] ?? ''}`
        : undefined;
    case 'launchctl': {
      const unit = operands.slice(1).find(gateUnit);
      return unit && LAUNCHCTL_STOPS.test(operands[0] ?? '')
        ? `launchctl ${operands[0] ?? ''} ${unit}`
        : undefined;
    }
    case 'pkill':
    case 'killall': {
      const hit = words.find((w) =>
        name === 'pkill' && !w.text.startsWith('-') ? gatePattern(w.text) : MENTION.test(w.text),
      );
      return hit && `${name} ${hit.text}`;
    }
    case 'kill': {
      // A literal pid says nothing; a substitution that finds the gate (`$(pgrep -f portcullis)`) does.
      const hit = words.find((w) => MENTION.test(w.text) || (w.dynamic && GATE_PORT.test(w.text)));
      return hit && `kill ${hit.text}`;
    }
    default:
      return undefined;
  }
}

/**
 * The `self/portcullis` action when a process or service command stops, restarts or signals the gate
 * (`pkill -f "portcullis serve"`, `systemctl stop portcullis`, `kill $(pgrep -f portcullis)`); empty
 * otherwise. The caller passes only invocations its own model found to do something (not `kill -0`,
 * `systemctl status`, `--help`).
 */
export function gateStopActions(inv: Invocation, ctx: ToolContext): Action[] {
  const target = stopTarget(inv);
  if (target === undefined) return [];
  return [
    ctx.action({
      tool: inv.name,
      verb: target,
      effect: 'write',
      risk: 'high',
      rule: RULE,
      targets: [target],
      reversible: false,
      reasons: [GATE_STOP_REASON],
    }),
  ];
}
