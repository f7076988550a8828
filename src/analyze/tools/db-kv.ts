/**
 * Key-value stores: redis-cli / valkey-cli (commands as arguments, piped in, in Lua scripts, or sent to a whole
 * cluster) and etcdctl (deleting a prefix or the whole keyspace is the whole store: for Kubernetes, the whole
 * cluster state).
 */
import type { Invocation, ToolContext } from '../model.js';
import { redis } from './db-redis.js';
import { parseArgs, has, value } from '../args.js';
import { list, readFinding, writeFinding, type DbFinding, type DbResult } from './db-common.js';

export const KV_TOOLS = new Set(['redis-cli', 'valkey-cli', 'etcdctl']);

const ETCD_VALUE = list(
  '--endpoints --cacert --cert --key --user --password --dial-timeout --command-timeout -w',
  '--write-out --keepalive-time --keepalive-timeout --discovery-srv --discovery-srv-name',
  '--data-dir --name --initial-cluster --initial-cluster-token --initial-advertise-peer-urls',
  '--wal-dir --lease --rev --limit --order --sort-by --consistency --peer-urls --ttl',
);

function etcd(inv: Invocation): DbResult {
  const p = parseArgs(inv.args, { value: ETCD_VALUE });
  const [cmd, sub, ...more] = p.positionals;
  const hints = [value(p, '--endpoints')];
  const f = (x: DbFinding): DbResult => ({ findings: [x], hints });
  if (cmd === 'del') {
    const key = sub ?? '';
    const range = more.length > 0;
    if (
      (has(p, '--prefix') && (key === '' || key === '/')) ||
      (has(p, '--from-key') && (key === '' || key === '\\0' || key === '\0'))
    ) {
      return f({
        verb: 'del everything',
        effect: 'destroy',
        risk: 'catastrophic',
        rule: 'db/etcd-delete-all',
        targets: ['<every key>'],
        reasons: ['deletes every key in etcd (for Kubernetes: the whole cluster state)'],
      });
    }
    if (has(p, '--prefix', '--from-key') || range) {
      return f({
        verb: 'del range',
        effect: 'delete',
        risk: 'high',
        rule: 'db/etcd-delete-prefix',
        targets: [key],
        reasons: [`deletes every key ${has(p, '--prefix') ? 'under' : 'from'} ${key}`],
      });
    }
    if (key.startsWith('/registry'))
      return f({
        verb: 'del',
        effect: 'delete',
        risk: 'high',
        rule: 'db/etcd-delete-prefix',
        targets: [key],
        reasons: ["deletes a Kubernetes object behind the API server's back"],
      });
    return f({
      verb: 'del',
      effect: 'delete',
      risk: 'low',
      rule: 'db/etcd-delete',
      targets: [key],
      reasons: ['deletes one key'],
    });
  }
  if (cmd === 'member' && sub === 'remove')
    return f({
      verb: 'member remove',
      effect: 'destroy',
      risk: 'high',
      rule: 'db/etcd-member-remove',
      targets: more,
      reasons: ['removes a member from the etcd cluster'],
    });
  if (cmd === 'lease' && sub === 'revoke')
    return f({
      verb: 'lease revoke',
      effect: 'delete',
      risk: 'high',
      rule: 'db/etcd-delete-prefix',
      reasons: ['revoking a lease deletes every key attached to it'],
    });
  if (cmd === 'auth' && sub === 'disable')
    return f({
      verb: 'auth disable',
      effect: 'write',
      risk: 'high',
      rule: 'db/etcd-auth-off',
      reasons: ['turns off authentication for the whole etcd cluster'],
    });
  if ((cmd === 'user' || cmd === 'role') && sub === 'delete')
    return f({
      verb: `${cmd} delete`,
      effect: 'delete',
      risk: 'high',
      rule: 'db/sql-drop-role',
      reasons: [`deletes an etcd ${cmd}`],
    });
  if (cmd === 'snapshot' && sub === 'restore')
    return f(
      writeFinding('snapshot restore', 'writes a new data directory from a snapshot', 'db/restore'),
    );
  if (
    sub === 'list' ||
    sub === 'get' ||
    sub === 'status' ||
    sub === 'timetolive' ||
    sub === 'leases'
  )
    return f(readFinding(`${cmd ?? ''} ${sub}`));
  if (
    list(
      'put txn compaction defrag alarm move-leader member lease user role auth downgrade',
    ).includes(cmd ?? '')
  ) {
    return f(writeFinding(`${cmd ?? ''} ${sub ?? ''}`.trim(), 'etcd write or maintenance'));
  }
  return f(readFinding(`${cmd ?? 'etcdctl'} ${sub ?? ''}`.trim()));
}

/** Findings of redis-cli/valkey-cli/etcdctl. */
export function kvFindings(inv: Invocation, ctx: ToolContext): DbResult {
  return inv.name === 'etcdctl' ? etcd(inv) : redis(inv, ctx);
}
