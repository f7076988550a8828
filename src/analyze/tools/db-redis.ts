/**
 * redis-cli / valkey-cli: commands given as arguments, piped in, run by Lua scripts or sent to a whole cluster.
 * FLUSHALL empties the server; FLUSHDB one database; CONFIG SET dir/dbfilename and auth changes weaken it.
 */
import type { Invocation, ToolContext, Word } from '../model.js';
import {
  list,
  readFinding,
  wholeDbRisk,
  writeFinding,
  type DbFinding,
  type DbResult,
} from './db-common.js';

const REDIS_VALUE = new Set(
  list(
    '-h -p -s -a --user --pass -u -r -i -n -d -D --rdb --functions-rdb --pipe-timeout --pattern',
    '--count --quoted-pattern --memkeys-samples --cacert --cacertdir --cert --key --sni',
    '--tls-ciphers --tls-ciphersuites --eval --lru-test --intrinsic-latency -t',
  ),
);

const REDIS_READ = new Set(
  list(
    'GET MGET KEYS SCAN INFO PING TTL PTTL TYPE EXISTS DBSIZE HGET HGETALL HKEYS HVALS HLEN LRANGE',
    'LLEN SMEMBERS SCARD ZRANGE ZCARD ZSCORE STRLEN MONITOR SLOWLOG CLIENT MEMORY LATENCY ROLE',
    'TIME ECHO SUBSCRIBE PSUBSCRIBE XRANGE XLEN XINFO OBJECT DUMP LASTSAVE COMMAND HELLO AUTH',
    'SELECT RANDOMKEY BGSAVE SAVE BGREWRITEAOF WAIT PUBSUB HSCAN SSCAN ZSCAN SISMEMBER HEXISTS',
  ),
);

/** Judge one redis command (name and arguments). */
function redisCommand(
  words: readonly Word[],
  ctx: ToolContext,
  hints: Array<string | undefined>,
): DbFinding {
  const cmd = (words[0]?.text ?? '').toUpperCase();
  const a1 = (words[1]?.text ?? '').toUpperCase();
  const a2 = (words[2]?.text ?? '').toLowerCase();
  const high = (
    rule: string,
    reason: string,
    effect: DbFinding['effect'] = 'delete',
  ): DbFinding => ({ verb: `${cmd} ${a1}`.trim(), effect, risk: 'high', rule, reasons: [reason] });
  switch (cmd) {
    case 'FLUSHALL':
      return {
        verb: 'FLUSHALL',
        effect: 'destroy',
        risk: wholeDbRisk(ctx, hints),
        rule: 'db/redis-flushall',
        reasons: ['deletes every key of every database on the server'],
      };
    case 'FLUSHDB':
      return high('db/redis-flushdb', 'deletes every key of the selected database', 'destroy');
    case 'SHUTDOWN':
      return high('db/server-stop', 'stops the Redis server', 'destroy');
    case 'DEL':
    case 'UNLINK':
      if (words.slice(1).some((w) => w.dynamic))
        return high(
          'db/redis-del-dynamic',
          'deletes keys whose names are only known when it runs (often every key matching a pattern)',
        );
      return {
        verb: cmd,
        effect: 'delete',
        risk: 'low',
        rule: 'db/redis-del',
        targets: words.slice(1).map((w) => w.text),
        reasons: ['deletes the named keys'],
      };
    case 'CONFIG':
      if (a1 !== 'SET') return readFinding(`CONFIG ${a1}`);
      if (a2 === 'dir' || a2 === 'dbfilename')
        return high(
          'db/redis-config-write',
          'points Redis persistence at another file: a known way to overwrite files on the server',
          'write',
        );
      if (
        (a2 === 'requirepass' && !words[3]?.text) ||
        (a2 === 'protected-mode' && words[3]?.text === 'no')
      )
        return high(
          'db/redis-auth-off',
          'turns off Redis authentication or protected mode',
          'write',
        );
      return writeFinding(`CONFIG SET ${a2}`, 'changes a server setting');
    case 'DEBUG':
      if (['SEGFAULT', 'CRASH-AND-RECOVER', 'RESTART', 'OOM', 'PANIC'].includes(a1))
        return high('db/server-stop', `DEBUG ${a1} crashes the server`, 'destroy');
      return writeFinding(`DEBUG ${a1}`, 'debug command');
    case 'SLAVEOF':
    case 'REPLICAOF':
      if (a1 === 'NO') return writeFinding(cmd, 'promotes the server to a primary');
      return high(
        'db/redis-replicaof',
        "makes the server a replica: its own dataset is replaced by the primary's",
        'destroy',
      );
    case 'CLUSTER':
      if (['RESET', 'FORGET', 'FLUSHSLOTS', 'DELSLOTS', 'DELSLOTSRANGE'].includes(a1))
        return high(
          'db/redis-cluster-reset',
          `CLUSTER ${a1} removes nodes or slots from the cluster`,
        );
      return writeFinding(`CLUSTER ${a1}`, 'cluster command');
    case 'FUNCTION':
      if (a1 === 'FLUSH' || a1 === 'DELETE')
        return high('db/redis-function-delete', 'deletes server-side functions');
      return writeFinding(`FUNCTION ${a1}`, 'function command');
    case 'ACL':
      if (a1 === 'DELUSER') return high('db/sql-drop-role', 'deletes users');
      if (a1 === 'SETUSER' && words.some((w) => w.text.toLowerCase() === 'nopass'))
        return high('db/redis-auth-off', 'lets a user in without a password', 'write');
      return writeFinding(`ACL ${a1}`, 'access control change');
    case 'EVAL':
    case 'EVALSHA':
    case 'EVAL_RO':
      return luaFinding(words[1]?.text ?? '', ctx, hints);
    default:
      return REDIS_READ.has(cmd)
        ? readFinding(cmd)
        : writeFinding(cmd || 'redis', `redis ${cmd}`, 'db/redis-write');
  }
}

/** Lua run by EVAL: the redis commands it calls. */
function luaFinding(lua: string, ctx: ToolContext, hints: Array<string | undefined>): DbFinding {
  const calls = [...lua.matchAll(/redis\.p?call\(\s*["']([A-Za-z]+)["']/g)].map((m) =>
    (m[1] ?? '').toUpperCase(),
  );
  if (calls.includes('FLUSHALL'))
    return redisCommand([{ text: 'FLUSHALL', dynamic: false }], ctx, hints);
  if (calls.includes('FLUSHDB'))
    return redisCommand([{ text: 'FLUSHDB', dynamic: false }], ctx, hints);
  if (
    (calls.includes('DEL') || calls.includes('UNLINK')) &&
    (calls.includes('KEYS') || calls.includes('SCAN') || /unpack|for\s/.test(lua))
  ) {
    return {
      verb: 'EVAL',
      effect: 'delete',
      risk: 'high',
      rule: 'db/redis-del-dynamic',
      reasons: ['a Lua script deletes every key matching a pattern'],
    };
  }
  return writeFinding('EVAL', 'runs a Lua script', 'db/redis-write');
}

/** Findings of redis-cli / valkey-cli. */
export function redis(inv: Invocation, ctx: ToolContext): DbResult {
  const words = inv.words;
  let i = 0;
  const opts = new Map<string, string>();
  for (; i < words.length; i++) {
    const a = words[i]?.text ?? '';
    if (!a.startsWith('-') || a === '-') break;
    if (a === '--cluster') {
      opts.set(a, words[i + 1]?.text ?? '');
      i += 2;
      break;
    }
    opts.set(a, REDIS_VALUE.has(a) ? (words[++i]?.text ?? '') : '');
  }
  const hints = [opts.get('-h'), opts.get('-u'), ctx.env.REDIS_URL];
  const rest = words.slice(i);
  const cluster = opts.get('--cluster');
  if (cluster !== undefined) {
    if (cluster === 'call') return { findings: [redisCommand(rest.slice(1), ctx, hints)], hints };
    if (cluster === 'del-node')
      return {
        findings: [
          {
            verb: '--cluster del-node',
            effect: 'destroy',
            risk: 'high',
            rule: 'db/redis-cluster-reset',
            reasons: ['removes a node from the cluster'],
          },
        ],
        hints,
      };
    return {
      findings: [
        cluster === 'info' || cluster === 'check'
          ? readFinding(`--cluster ${cluster}`)
          : writeFinding(`--cluster ${cluster}`, 'cluster management'),
      ],
      hints,
    };
  }
  if (opts.has('--eval'))
    return {
      findings: [
        writeFinding('--eval', `runs the Lua script ${opts.get('--eval') ?? ''}`, 'db/redis-write'),
      ],
      hints,
    };
  if (rest.length > 0) return { findings: [redisCommand(rest, ctx, hints)], hints };
  const stdin = inv.stdin;
  if (stdin?.kind === 'text') {
    const lines = stdin.text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const findings = lines.map((l) =>
      redisCommand(
        l.split(/\s+/).map((text) => ({ text: text.replace(/^["']|["']$/g, ''), dynamic: false })),
        ctx,
        hints,
      ),
    );
    return { findings: findings.length > 0 ? findings : [readFinding('session')], hints };
  }
  if (stdin)
    return {
      findings: [
        writeFinding('pipe', 'runs commands piped in, not visible here', 'db/redis-write'),
      ],
      hints,
    };
  const read = list(
    '--scan --bigkeys --memkeys --hotkeys --stat --latency --rdb --functions-rdb',
  ).some((o) => opts.has(o));
  return {
    findings: [
      readFinding(
        read ? 'inspect' : 'session',
        read ? 'reads or exports data' : 'opens an interactive session',
      ),
    ],
    hints,
  };
}
