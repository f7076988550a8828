/**
 * Tool model: HTTP clients (curl, wget, httpie/https, xh, curlie). Judges what a request does to the service
 * it reaches (DELETE, writes to destructive endpoints), what it sends (secret files, the environment) and what
 * it writes locally. Piping a download into a shell is the engine's concern, not this model's.
 */
import type { Action } from '../types.js';
import { defineTool, type Invocation, type ToolContext } from '../model.js';
import { judgeRequest } from './http-judge.js';
import { parseCurl, parseHttpie, parseWget, type HttpRequest } from './http-parse.js';
import { gateApiActions } from '../self-gate.js';

const HTTPIE = new Set(['http', 'https', 'xh', 'xhs', 'httpie', 'curlie']);
/** Commands whose output is the whole environment (every secret in it). */
const ENV_DUMPERS = new Set(['env', 'printenv', 'set', 'export', 'declare']);

function parse(inv: Invocation): HttpRequest {
  if (inv.name === 'wget') return parseWget(inv.name, inv.words);
  if (HTTPIE.has(inv.name)) {
    const req = parseHttpie(inv.name, inv.words);
    // httpie and xh send piped input as the body unless told to ignore it.
    if (inv.stdin && !inv.args.includes('--ignore-stdin') && !inv.args.includes('-I'))
      req.stdinBody = true;
    return req;
  }
  return parseCurl(inv.name, inv.words);
}

export const httpModel = defineTool({
  family: 'http',
  commands: ['curl', 'wget', 'http', 'https', 'xh', 'httpie', 'curlie'],
  analyze(inv: Invocation, ctx: ToolContext): Action[] {
    if (
      inv.args.some((a) => a === '--help' || a === '--version' || a === '--manual' || a === '-V')
    ) {
      return [
        ctx.action({
          tool: inv.name,
          verb: 'help',
          effect: 'read',
          risk: 'none',
          rule: 'http/help',
          reasons: ['prints help or the version'],
        }),
      ];
    }
    const req = parse(inv);
    if (req.stdinBody && inv.stdin) {
      const s = inv.stdin;
      if (s.kind === 'file') req.uploads.push({ path: s.path, how: 'stdin' });
      else if (s.kind === 'text') req.bodies.push(s.text);
      else if (s.kind === 'dynamic' && ENV_DUMPERS.has(s.source.split(' ')[0] ?? ''))
        req.uploads.push({
          path: `output of ${s.source}`,
          how: 'stdin',
          secret: 'every environment variable, tokens included',
        });
    }
    // The gate's own approval API first, so the self-protection action is the deciding one.
    const urls = req.urls.map((w) => w.text);
    const gate = req.offline ? [] : gateApiActions(inv.name, req.method ?? req.implied, urls, ctx);
    return [...gate, ...judgeRequest(req, ctx)];
  },
});
