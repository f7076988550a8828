/**
 * Judging an HTTP request: the method against the target (DELETE of a resource is high; of every index or key,
 * `_all`/`*`, catastrophic), writes to endpoints whose names destroy (`/_delete_by_query`, `/shutdown`,
 * GraphQL `deleteX` mutations), secrets sent off the machine, and downloads over sensitive files.
 */
import type { Action } from '../types.js';
import type { ToolContext } from '../model.js';
import { secretInfo } from './secrets.js';
import { list, type HttpRequest } from './http-parse.js';

interface UrlParts {
  host: string;
  path: string;
  query: string;
}

/** Split a URL as written (scheme optional, httpie's `:port/path` shorthand allowed). */
export function splitUrl(text: string): UrlParts {
  const t = text.trim().startsWith(':') ? `localhost${text.trim()}` : text.trim();
  const m =
    /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/?#]*@)?(\[[^\]]*\]|[^/?#:]*)(?::\d+)?([^?#]*)(?:\?([^#]*))?/i.exec(
      t,
    );
  return { host: (m?.[1] ?? '').toLowerCase(), path: m?.[2] || '/', query: m?.[3] ?? '' };
}

const LOCAL_HOST = /^(localhost|127(\.\d+){3}|\[?::1\]?|0\.0\.0\.0|host\.docker\.internal)$/;
const FIRST_WORD = new Set(
  list(
    'delete destroy remove purge wipe drop truncate shutdown terminate erase nuke flushall flushdb',
    'kill stop deleteall',
  ),
);
const RESET_WHAT = new Set(['db', 'database', 'data', 'factory', 'all', 'cluster']);
const ANY_WORD = new Set(
  list('delete destroy purge wipe truncate shutdown nuke flushall flushdb deleteall'),
);
const PUBLIC_DROP =
  /(^|\.)(transfer\.sh|0x0\.st|file\.io|paste\.rs|termbin\.com|ix\.io|sprunge\.us|bashupload\.com|pastebin\.com|hastebin\.com|webhook\.site|requestbin\.\w+|pipedream\.net|ngrok\.io|ngrok-free\.app|oast\.\w+|interact\.sh|burpcollaborator\.net|temp\.sh|catbox\.moe)$/;
const SENSITIVE_OUTPUT =
  /^(\/etc\/(passwd|shadow|group|sudoers(\.d\/.*)?|hosts|ssh\/sshd_config)|~\/\.ssh\/authorized_keys2?|~\/\.(bashrc|zshrc|profile|bash_profile|zprofile))$/;

function words(segment: string): string[] {
  return segment
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A path segment or query value that names a destructive operation (`delete`, `_delete_by_query`, `shutdown`). */
function destructiveName(segment: string): boolean {
  const w = words(decodeURIComponentSafe(segment));
  if (w.includes('cache') || w.includes('password')) return false;
  if (w.includes('reset') && w.some((x) => RESET_WHAT.has(x))) return true;
  return (w[0] !== undefined && FIRST_WORD.has(w[0])) || w.some((x) => ANY_WORD.has(x));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** DELETE that reaches every index / key: `_all`, `*`, Consul's recursive delete of the root. */
function everything(u: UrlParts): boolean {
  const segs = u.path.split('/').filter(Boolean).map(decodeURIComponentSafe);
  if (segs.some((s) => s === '_all' || s === '*' || s === '*,*')) return true;
  return /(^|&)recurse(=|&|$)/.test(u.query) && /^\/v1\/kv\/?$/.test(u.path);
}

function graphqlDestructive(body: string): boolean {
  return (
    /\bmutation\b/.test(body) &&
    /\b(delete|destroy|remove|drop|purge|wipe|truncate)\w*\s*[({]/i.test(body)
  );
}

/** Actions of one HTTP request. */
export function judgeRequest(req: HttpRequest, ctx: ToolContext): Action[] {
  const tool = req.tool;
  const out: Action[] = [];
  if (req.offline) {
    return [
      ctx.action({
        tool,
        verb: 'print request',
        effect: 'read',
        risk: 'none',
        rule: 'http/offline',
        reasons: ['only prints the request; nothing is sent'],
      }),
    ];
  }
  const method = req.method ?? req.implied;
  const targets = req.urls.length > 0 ? req.urls : [{ text: '', dynamic: false }];
  const anyRemote =
    targets.some((w) => w.dynamic || !LOCAL_HOST.test(splitUrl(w.text).host)) && !req.unixSocket;
  for (const w of targets) {
    const u = splitUrl(w.text);
    const env = req.unixSocket ? 'local' : ctx.envOf(u.host);
    const base = { tool, targets: [w.text], env };
    const segs = u.path.split('/').filter(Boolean);
    if (method === 'DELETE') {
      if (everything(u))
        out.push(
          ctx.action({
            ...base,
            verb: 'DELETE',
            effect: 'destroy',
            risk: 'catastrophic',
            rule: 'http/delete-all',
            reasons: [`DELETE ${w.text} reaches every index or key of the service`],
          }),
        );
      else
        out.push(
          ctx.action({
            ...base,
            verb: 'DELETE',
            effect: 'delete',
            risk: 'high',
            rule: 'http/delete',
            reasons: [
              `DELETE ${w.text}${w.dynamic ? ' (the URL is only known when it runs)' : ''} deletes the resource${segs.some((s) => s.includes('*')) ? 's matching a wildcard' : ''}`,
            ],
          }),
        );
      continue;
    }
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') {
      out.push(
        ctx.action({
          ...base,
          verb: method,
          effect: 'read',
          risk: 'none',
          rule: 'http/read',
          reasons: [`${method} request`],
        }),
      );
      continue;
    }
    const queryNames = u.query.split('&').flatMap((kv) => kv.split('='));
    const named = [...segs, ...queryNames].find(destructiveName);
    const mutation = req.bodies.find(graphqlDestructive);
    if (named || mutation) {
      const why = named
        ? `${method} to ${w.text}: the endpoint "${named}" destroys or stops something`
        : `${method} ${w.text} sends a GraphQL mutation that deletes data`;
      out.push(
        ctx.action({
          ...base,
          verb: `${method} ${named ?? 'mutation'}`,
          effect: 'delete',
          risk: 'high',
          rule: named ? 'http/destructive-endpoint' : 'http/graphql-destructive',
          reasons: [why],
        }),
      );
      continue;
    }
    out.push(
      ctx.action({
        ...base,
        verb: method,
        effect: 'write',
        risk: 'low',
        rule: 'http/write',
        reasons: [`${method} request to ${w.text || 'a URL'}`],
      }),
    );
  }
  for (const up of req.uploads) {
    const secret = up.secret !== undefined ? { what: up.secret } : secretInfo(up.path);
    const dest = targets.map((t) => t.text).join(' ');
    const publicDrop = targets.some((t) => PUBLIC_DROP.test(splitUrl(t.text).host));
    // The environment is the destination's, not the one the local path happens to name (/home/dev/...).
    const env = ctx.envOf(...targets.map((t) => splitUrl(t.text).host));
    if (secret && anyRemote) {
      out.push(
        ctx.action({
          tool,
          verb: `upload ${up.how}`,
          effect: 'write',
          risk: 'high',
          rule: 'http/upload-secret',
          targets: [up.path, dest],
          env,
          reasons: [`sends ${up.path} (${secret.what}) to ${dest}`],
        }),
      );
    } else if (publicDrop) {
      out.push(
        ctx.action({
          tool,
          verb: `upload ${up.how}`,
          effect: 'write',
          risk: 'high',
          rule: 'http/upload-public',
          targets: [up.path, dest],
          env,
          reasons: [`uploads ${up.path} to a public file-drop service (${dest})`],
        }),
      );
    } else {
      out.push(
        ctx.action({
          tool,
          verb: `upload ${up.how}`,
          effect: 'write',
          risk: 'low',
          rule: 'http/upload',
          targets: [up.path],
          env,
          reasons: [`sends the contents of ${up.path}`],
        }),
      );
    }
  }
  for (const q of req.quote) {
    if (/^-?\*?\s*(DELE|RMD|rm|rmdir)\b/i.test(q))
      out.push(
        ctx.action({
          tool,
          verb: `-Q ${q}`,
          effect: 'delete',
          risk: 'high',
          rule: 'http/ftp-delete',
          targets: [q],
          reasons: [`sends the FTP/SFTP command "${q}", which deletes remote files`],
        }),
      );
  }
  for (const o of req.outputs) {
    if (SENSITIVE_OUTPUT.test(o))
      out.push(
        ctx.action({
          tool,
          verb: 'download over',
          effect: 'write',
          risk: 'high',
          rule: 'http/overwrite-sensitive',
          targets: [o],
          reasons: [`overwrites ${o} with downloaded content`],
        }),
      );
    else
      out.push(
        ctx.action({
          tool,
          verb: 'download',
          effect: 'write',
          risk: 'low',
          rule: 'http/download',
          targets: [o],
          reasons: [`writes the response to ${o}`],
        }),
      );
  }
  return out;
}
