/**
 * Raw network tools: nc/ncat/netcat, socat, openssl s_client. A shell wired to a socket (reverse or bind shell)
 * hands the machine to whoever is on the other end; a secret or a stream of data fed to a public address is
 * exfiltration.
 */
import { has, parseArgs } from '../args.js';
import type { Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { secretInfo } from './secrets-paths.js';
import { exfil, isExternalHost, privateBulk, transfer } from './secrets-transfer.js';

// Options that run a program with its stdin/stdout wired to the socket.
const NC_EXEC = ['-e', '-c', '--exec', '--sh-exec', '--lua-exec'];

/** `nc`/`ncat`/`netcat`: reverse or bind shells, and files fed to a connection. */
export function netcat(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const p = parseArgs(inv.args, {
    value: [
      ...NC_EXEC,
      '-p',
      '-s',
      '-w',
      '-i',
      '-q',
      '-x',
      '-X',
      '-P',
      '-O',
      '-T',
      '-V',
      '-I',
      '-g',
      '-G',
      '-m',
      '--proxy',
      '--proxy-type',
      '-o',
      '--output',
      '--source',
      '--source-port',
      '--wait',
      '--idle-timeout',
      '--allow',
      '--deny',
      '-d',
      '--delay',
    ],
  });
  const dest = p.positionals.join(' ') || 'a port on this machine';
  const exec = NC_EXEC.map((o) => p.opts.get(o)?.[0]).find((v) => v !== undefined);
  if (exec !== undefined) {
    return [
      ctx.action({
        tool,
        verb: `${tool} -e`,
        effect: 'exec',
        risk: 'high',
        rule: 'secrets/network-shell',
        targets: [exec, dest],
        reversible: false,
        reasons: [
          `wires ${exec} to a network connection (${has(p, '-l', '--listen') ? 'bind' : 'reverse'} shell): whoever is on the other end controls this machine`,
        ],
      }),
    ];
  }
  const input = inv.stdin?.kind === 'file' ? inv.stdin.path : undefined;
  const listening = has(p, '-l', '--listen');
  if (input !== undefined && secretInfo(input) !== undefined && !listening) {
    return [exfil(ctx, tool, tool, [input], dest)];
  }
  // Streaming a file or a pipeline's output (an archive, a dump) to a public address is exfiltration.
  const host = p.positionals[0] ?? '';
  const fed =
    inv.stdin !== undefined && (inv.stdin.kind === 'file' || inv.stdin.kind === 'dynamic');
  if (fed && !listening && isExternalHost(host)) {
    const what =
      inv.stdin?.kind === 'file'
        ? inv.stdin.path
        : `the output of ${inv.stdin?.kind === 'dynamic' ? inv.stdin.source : 'a command'}`;
    return [privateBulk(ctx, tool, tool, [what], host)];
  }
  if (has(p, '-z')) {
    return [
      ctx.action({
        tool,
        verb: `${tool} -z`,
        effect: 'read',
        risk: 'none',
        rule: 'secrets/port-probe',
        targets: [dest],
        reasons: ['only checks whether ports are open'],
      }),
    ];
  }
  return [
    transfer(
      ctx,
      tool,
      has(p, '-l', '--listen') ? `${tool} -l` : tool,
      [dest],
      has(p, '-l', '--listen') ? 'listens on a port' : `connects to ${dest}`,
    ),
  ];
}

const NETWORK_ADDR =
  /^(tcp|tcp4|tcp6|tcp-listen|tcp4-listen|tcp6-listen|tcp-l|udp|udp4|udp6|udp-listen|udp-l|openssl|openssl-listen|ssl|ssl-l|sctp|sctp-listen|socks4a?|socks5|proxy|vsock-connect|vsock-listen|unix-connect)[:-]/i;
const EXEC_ADDR = /^(exec|system):(.*)$/i;
const FILE_ADDR = /^(file|open|gopen|read):([^,]*)/i;

/** `socat ADDR1 ADDR2`: a network address joined to a shell, or to a secret file. */
export function socat(inv: Invocation, ctx: ToolContext): Action[] {
  const addrs = inv.args.filter((a) => !/^-[a-zA-Z]/.test(a) || a === '-');
  const net = addrs.find((a) => NETWORK_ADDR.test(a));
  if (net) {
    const exec = addrs.map((a) => EXEC_ADDR.exec(a)).find((m) => m !== null);
    if (exec) {
      return [
        ctx.action({
          tool: 'socat',
          verb: 'socat EXEC',
          effect: 'exec',
          risk: 'high',
          rule: 'secrets/network-shell',
          targets: [exec[2] ?? '', net],
          reversible: false,
          reasons: [
            `wires ${exec[2] ?? 'a program'} to ${net}: whoever is on the other end controls this machine`,
          ],
        }),
      ];
    }
    const files = addrs
      .map(
        (a) => FILE_ADDR.exec(a)?.[2] ?? (a.startsWith('/') || a.startsWith('~') ? a : undefined),
      )
      .filter((f): f is string => f !== undefined);
    const stdinFile =
      inv.stdin?.kind === 'file' && addrs.some((a) => a === '-' || /^stdio|^stdin/i.test(a))
        ? [inv.stdin.path]
        : [];
    const secrets = [...files, ...stdinFile].filter((f) => secretInfo(f) !== undefined);
    if (secrets.length > 0) return [exfil(ctx, 'socat', 'socat', secrets, net)];
  }
  return [transfer(ctx, 'socat', 'socat', addrs, 'relays data between two endpoints')];
}

/** `openssl s_client -connect host:port < secret` sends the file over TLS; other openssl commands are local. */
export function openssl(inv: Invocation, ctx: ToolContext): Action[] {
  const sub = inv.args[0] ?? '';
  if (
    sub === 's_client' &&
    inv.stdin?.kind === 'file' &&
    secretInfo(inv.stdin.path) !== undefined
  ) {
    const i = inv.args.indexOf('-connect');
    return [
      exfil(
        ctx,
        'openssl',
        's_client',
        [inv.stdin.path],
        i >= 0 ? (inv.args[i + 1] ?? '') : 'a TLS server',
      ),
    ];
  }
  return [
    ctx.action({
      tool: 'openssl',
      verb: sub || 'openssl',
      effect: 'read',
      risk: 'none',
      rule: 'secrets/crypto-local',
      reasons: ['certificate and key operations on this machine'],
    }),
  ];
}
