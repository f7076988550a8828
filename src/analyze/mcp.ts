/**
 * MCP tool calls, classified by the tool's name and its arguments. Arguments the analyzer already understands
 * are judged by the same code as a shell command would be (a `command` through `analyze()`, SQL through the db
 * model's SQL judge, local paths as file requests, a URL and method as curl would send it). The name's verb and
 * object give the rest (`drop_database` catastrophic, `delete_repository` high, `list_issues` none). Annotations
 * are hints from a server that may lie: a read-only hint never makes an unknown tool safe; a destructive hint
 * can raise the risk. Pure; never throws for ordinary input except `GrammarRequired` (as `analyze()`).
 */
import type { Action, Env, Risk } from './types.js';
import type { ActionRequest } from './request.js';
import { RISK_ORDER } from './types.js';
import { envFromNames, worseEnv } from './env.js';
import { envFromPath } from './paths.js';
import { analyze } from './index.js';
import { analyzeFileRequest } from './files.js';
import { protectedPath, selfAction } from './self.js';
import { classifyName, nameTokens, type NameClass } from './mcp-names.js';
import { readArgs, type Payloads } from './mcp-args.js';
import { shellQuote } from './shell/text.js';
import { sqlActions } from './mcp-sql.js';
import { portcullisServer } from './mcp-self.js';

type McpRequest = Extract<ActionRequest, { kind: 'mcp' }>;

interface Judgement {
  risk: Risk;
  effect: Action['effect'];
  rule: string;
  reason: string;
}

const FEW: ReadonlySet<string> = new Set(['dev', 'test', 'local']);

/** Risk of the tool's verb on its object in `env`. */
function judgeName(n: NameClass, env: Env, name: string): Judgement | undefined {
  const wholeRisk: Risk = FEW.has(env) ? 'high' : 'catastrophic';
  switch (n.cls) {
    case 'destroy':
    case 'delete': {
      const what = n.whole
        ? 'a whole environment or data store'
        : n.minor
          ? 'an easily recreated item'
          : 'data';
      const risk: Risk = n.whole ? wholeRisk : n.minor ? 'low' : 'high';
      const effect = n.cls === 'destroy' || n.whole ? 'destroy' : 'delete';
      return { risk, effect, rule: `mcp/${n.cls}`, reason: `${name} ${n.verb ?? ''}s ${what}` };
    }
    case 'payment':
      return {
        risk: 'high',
        effect: 'write',
        rule: 'mcp/payment',
        reason: `${name} moves money, which cannot be taken back`,
      };
    case 'force':
      return {
        risk: 'high',
        effect: 'destroy',
        rule: 'mcp/force-push',
        reason: `${name} overwrites the history of a remote branch`,
      };
    case 'stop':
      return {
        risk: n.whole ? wholeRisk : 'high',
        effect: 'write',
        rule: 'mcp/stop',
        reason: `${name} stops, disables or reboots something that is running`,
      };
    case 'approve':
      return {
        risk: 'high',
        effect: 'write',
        rule: 'mcp/approve',
        reason: `${name} approves or grants: a step meant for a human reviewer`,
      };
    case 'merge':
      return {
        risk: 'high',
        effect: 'write',
        rule: 'mcp/merge',
        reason: `${name} merges into a shared branch, skipping the human review of the merge`,
      };
    case 'send':
      return {
        risk: 'high',
        effect: 'write',
        rule: 'mcp/send',
        reason: `${name} sends a message to people, which cannot be unsent`,
      };
    case 'deploy':
      return env === 'prod'
        ? {
            risk: 'high',
            effect: 'write',
            rule: 'mcp/deploy',
            reason: `${name} changes what runs in production`,
          }
        : {
            risk: 'low',
            effect: 'write',
            rule: 'mcp/deploy',
            reason: `${name} deploys, publishes or migrates`,
          };
    case 'write':
      return {
        risk: 'low',
        effect: 'write',
        rule: 'mcp/write',
        reason: `${name} creates or changes something recoverable`,
      };
    case 'interact':
      return {
        risk: 'low',
        effect: 'exec',
        rule: 'mcp/interact',
        reason: `${name} interacts with a page or an app`,
      };
    case 'read':
      return { risk: 'none', effect: 'read', rule: 'mcp/read', reason: `${name} only reads` };
    case 'exec':
    case undefined:
      return undefined;
  }
}

/** Verb classes whose own risk stands next to what the arguments show (a command can't make them safe). */
const KEEP_WITH_PAYLOAD = new Set([
  'destroy',
  'delete',
  'payment',
  'force',
  'stop',
  'approve',
  'merge',
  'send',
  'deploy',
]);

/** Analyse an MCP tool call. */
export function analyzeMcpRequest(req: McpRequest): Action[] {
  const server = req.server;
  const label = `mcp:${server}`;
  const name = `${server}/${req.tool}`;
  const a = readArgs(req.args);
  const env = worseEnv(envFromNames(server, ...a.envHints), envFromPath(req.cwd));
  const base = { tool: label, verb: req.tool, env, via: [] as string[] };
  const act = (j: Judgement, targets: string[] = []): Action => ({
    ...base,
    effect: j.effect,
    risk: j.risk,
    rule: j.rule,
    targets,
    reversible: j.risk === 'none' || j.risk === 'low',
    reasons: [j.reason],
  });

  const own = portcullisServer(server, req.tool, base);
  if (own) return own;

  const named = classifyName(req.tool);
  // A tool named for no verb (`http_request`) that carries a URL does what its method says.
  const get =
    a.url && (a.url.method === undefined || a.url.method === 'GET' || a.url.method === 'HEAD');
  const n: NameClass =
    !named.cls && a.url
      ? { ...named, cls: get ? 'read' : 'exec', verb: a.url.method ?? 'GET' }
      : named;
  const nested = payloadActions(req, a, n, name, env);
  let verdict = judgeName(n, env, name);
  // A destructive hint raises a tool judged by its name only: what its arguments show is more precise
  // (the reference filesystem server marks every write_file destructive).
  const notes = annotationNotes(req.annotations, nested.length === 0 ? verdict : undefined);
  if (verdict && notes.raise) {
    verdict = {
      risk: 'high',
      effect: 'write',
      rule: 'mcp/declared-destructive',
      reason: `${name}: the server declares it destructive (destructiveHint), though its name reads "${n.verb ?? ''}"`,
    };
  }
  const out: Action[] = [...nested];
  if (nested.length === 0 || !n.cls || KEEP_WITH_PAYLOAD.has(n.cls) || notes.raise) {
    out.push(
      verdict
        ? act(verdict, a.envHints.slice(0, 6))
        : n.cls === 'exec' && hasPayload(a)
          ? act({
              risk: 'low',
              effect: 'exec',
              rule: 'mcp/exec',
              reason: `${name} runs what its arguments say; nothing risky was found in them`,
            })
          : act({
              risk: 'high',
              effect: 'unknown',
              rule: n.cls === 'exec' ? 'mcp/exec' : 'mcp/unknown',
              reason:
                n.cls === 'exec'
                  ? `${name} executes something its arguments do not show`
                  : `unknown MCP tool ${name}: its name (${nameTokens(req.tool).join(' ') || 'empty'}) does not say what it does`,
            }),
    );
  }
  const last = out[out.length - 1];
  if (last && notes.reasons.length > 0) last.reasons.push(...notes.reasons);
  return out;
}

function hasPayload(a: Payloads): boolean {
  return a.commands.length + a.sql.length + a.paths.length > 0 || a.url !== undefined;
}

/** Actions for what the arguments carry: commands, SQL, local paths, an HTTP request. */
function payloadActions(
  req: McpRequest,
  a: Payloads,
  n: NameClass,
  name: string,
  env: Env,
): Action[] {
  const via = `mcp:${name}`;
  const out: Action[] = [];
  const nest = (xs: readonly Action[]): void => {
    for (const x of xs) out.push({ ...x, via: [via, ...x.via] });
  };
  for (const command of a.commands.slice(0, 8)) nest(analyze({ command, cwd: req.cwd }));
  out.push(...sqlActions(a.sql.slice(0, 8), req.server, env, `mcp:${req.server}`, req.tool, via));
  if (a.url && a.url.method && a.url.method !== 'GET' && a.url.method !== 'HEAD') {
    nest(
      analyze({
        command: `curl -X ${shellQuote(a.url.method)} ${shellQuote(a.url.url)}`,
        cwd: req.cwd,
      }),
    );
  }
  if (a.paths.length > 0) {
    if (a.remote) {
      // A path in a remote repository or bucket: only the agents' own configuration matters here (it comes
      // back with the next pull); the verb judges the rest.
      for (const p of a.paths) {
        const hit = protectedPath(p.replace(/^\/+/, ''), '/');
        if (hit && n.cls && n.cls !== 'read')
          out.push(
            selfAction(hit, p, {
              tool: `mcp:${req.server}`,
              verb: req.tool,
              env,
              via: [via],
              effect: 'write',
            }),
          );
      }
    } else {
      const op = fileOp(n);
      const fileReq = {
        kind: 'file',
        agent: req.agent,
        cwd: req.cwd,
        tool: name,
        op,
        paths: a.paths,
        ...(a.content === undefined ? {} : { content: a.content }),
      } as const;
      for (const x of analyzeFileRequest(fileReq))
        out.push({ ...x, tool: `mcp:${req.server}`, via: [via, ...x.via] });
    }
  }
  return out;
}

/** The file operation a tool name implies for its path arguments. */
function fileOp(n: NameClass): 'read' | 'write' | 'edit' | 'delete' | 'move' {
  if (n.cls === 'destroy' || n.cls === 'delete') return 'delete';
  if (n.verb === 'move' || n.verb === 'rename') return 'move';
  if (n.verb && /^(edit|patch|replace|append|update|modify|insert)$/.test(n.verb)) return 'edit';
  if (n.cls === 'read' || n.cls === undefined) return n.cls === 'read' ? 'read' : 'write';
  return 'write';
}

/** What the server's annotations add: reasons, and whether a declared destructive tool is raised. */
function annotationNotes(
  ann: Record<string, unknown> | undefined,
  verdict: Judgement | undefined,
): { reasons: string[]; raise: boolean } {
  if (!ann) return { reasons: [], raise: false };
  const reasons: string[] = [];
  const readOnly = ann.readOnlyHint === true;
  const destructive = ann.destructiveHint === true && !readOnly;
  if (readOnly && (!verdict || verdict.risk !== 'none')) {
    reasons.push(
      "the server marks it read-only (readOnlyHint), but a server's annotations are not trusted",
    );
  }
  const raise = destructive && verdict !== undefined && RISK_ORDER[verdict.risk] < RISK_ORDER.high;
  return { reasons, raise };
}
