/**
 * Copying files to other machines: scp and sftp, plus the verdicts the network tools share. Sending a secret (a
 * private key, cloud credentials, `.env`, the shadow file) to another host is `high` and cannot be taken back;
 * so is sending the whole project or a database dump to a public address. Copying ordinary files is low.
 */
import { parseArgs } from '../args.js';
import type { Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { secretInfo } from './secrets-paths.js';

/** A secret sent to another host: high, irreversible. */
export function exfil(
  ctx: ToolContext,
  tool: string,
  verb: string,
  files: readonly string[],
  dest: string,
): Action {
  const what = files.map((f) => `${f} (${secretInfo(f)?.what ?? 'secret'})`).join(', ');
  return ctx.action({
    tool,
    verb,
    effect: 'write',
    risk: 'high',
    rule: 'secrets/exfiltration',
    targets: [...files, dest],
    env: ctx.envOf(dest),
    reversible: false,
    reasons: [
      `sends ${what} to ${dest}: a secret that has left the machine must be considered leaked`,
    ],
  });
}

// Services whose purpose is receiving anonymous uploads or requests.
const DROP_SITES =
  /(^|\.)(transfer\.sh|pastebin\.com|paste\.ee|0x0\.st|file\.io|termbin\.com|webhook\.site|requestbin\.\w+|pipedream\.net|ngrok\.(io|app)|ngrok-free\.app|burpcollaborator\.net|oast\.\w+|interact\.sh)$/i;

/**
 * A destination outside the organisation: a literal public IP address (not private, loopback, link-local or
 * carrier-grade NAT) or an anonymous drop site. Named hosts (`web-1`, `nas`, `db.internal`) are assumed ours.
 */
export function isExternalHost(host: string): boolean {
  const h = host
    .replace(/^[^@]*@/, '')
    .replace(/:\d+$/, '')
    .toLowerCase();
  if (DROP_SITES.test(h)) return true;
  const ip = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(h);
  if (!ip) return false;
  const a = Number(ip[1]);
  const b = Number(ip[2]);
  if (a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 192 && b === 168))
    return false;
  if ((a === 172 && b >= 16 && b <= 31) || (a === 100 && b >= 64 && b <= 127)) return false;
  return true;
}

// The whole project, a repository or a database dump: private code or data.
const BULK =
  /^(\.|\.\/|\*|\.\/\*|\.git|~\/(src|code|projects?|work|repos?)(\/[^/]+)?|\/home\/[^/]+\/(src|code|projects?|work|repos?)(\/[^/]+)?)\/?$|\.(sql|sql\.gz|dump|bak|sqlite3?|db)$/;

/** Private code or data sent to a host outside the organisation. */
export function privateBulk(
  ctx: ToolContext,
  tool: string,
  verb: string,
  sources: readonly string[],
  host: string,
): Action {
  return ctx.action({
    tool,
    verb,
    effect: 'write',
    risk: 'high',
    rule: 'secrets/exfiltration',
    targets: [...sources, host],
    reversible: false,
    reasons: [
      `sends ${sources.join(', ')} (private code or data) to ${host}, a host outside the organisation`,
    ],
  });
}

/** An ordinary transfer: low. */
export function transfer(
  ctx: ToolContext,
  tool: string,
  verb: string,
  targets: readonly string[],
  reason: string,
): Action {
  return ctx.action({
    tool,
    verb,
    effect: 'write',
    risk: 'low',
    rule: 'secrets/transfer',
    targets,
    reasons: [reason],
  });
}

/** `[user@]host:path` or `scp://...`, not a local path that merely contains a colon after a slash. */
function remoteSpec(arg: string): { host: string; path: string } | undefined {
  const url = /^s(cp|ftp):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?(\/.*)?$/.exec(arg);
  if (url) return { host: url[2] ?? '', path: url[3] ?? '~' };
  const m = /^(?:[^@/:]+@)?(\[[^\]]+\]|[^/:]+):(.*)$/.exec(arg);
  if (!m || /^[A-Za-z]$/.test(m[1] ?? '')) return undefined;
  return { host: (m[1] ?? '').replace(/^\[|\]$/g, ''), path: m[2] || '~' };
}

/** `scp [opts] src... dest` (also `rsync`-like remote specs). */
export function scp(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, {
    value: ['-c', '-D', '-F', '-i', '-J', '-l', '-o', '-P', '-S', '-X'],
  });
  if (p.positionals.length < 2)
    return [transfer(ctx, 'scp', 'scp', p.positionals, 'copies files over SSH')];
  const dest = p.positionals[p.positionals.length - 1] ?? '';
  const sources = p.positionals.slice(0, -1);
  const to = remoteSpec(dest);
  if (to) {
    const secrets = sources.filter((s) => {
      const from = remoteSpec(s);
      return secretInfo(from ? from.path : s) !== undefined;
    });
    if (secrets.length > 0) return [exfil(ctx, 'scp', 'scp upload', secrets, to.host)];
    const bulk = sources.filter(
      (s) => remoteSpec(s) === undefined && (BULK.test(s) || s === ctx.cwd),
    );
    if (bulk.length > 0 && isExternalHost(to.host))
      return [privateBulk(ctx, 'scp', 'scp upload', bulk, to.host)];
    return [
      transfer(
        ctx,
        'scp',
        'scp upload',
        [...sources, dest],
        `copies ${sources.join(', ')} to ${to.host}`,
      ),
    ];
  }
  return [
    transfer(
      ctx,
      'scp',
      'scp download',
      [...sources, dest],
      `copies ${sources.join(', ')} to ${dest} on this machine`,
    ),
  ];
}

/** `sftp host` with a batch on stdin or `-b file`; `sftp host:path [local]` downloads. */
export function sftp(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, {
    value: ['-b', '-B', '-c', '-D', '-F', '-i', '-J', '-l', '-o', '-P', '-R', '-S', '-s', '-X'],
  });
  const target = p.positionals[0] ?? '';
  const host = remoteSpec(target)?.host ?? target.replace(/^[^@]*@/, '');
  const batch = inv.stdin?.kind === 'text' ? inv.stdin.text : '';
  const puts = batch
    .split(/[\n;]/)
    .map((l) => l.trim().split(/\s+/))
    .filter((w) => w[0] === 'put' || w[0] === 'mput' || w[0] === 'reput')
    .map((w) => w.slice(1).find((a) => !a.startsWith('-')) ?? '');
  const secrets = puts.filter((f) => secretInfo(f) !== undefined);
  if (secrets.length > 0) return [exfil(ctx, 'sftp', 'sftp put', secrets, host)];
  return [transfer(ctx, 'sftp', 'sftp', [host], `transfers files with ${host}`)];
}
