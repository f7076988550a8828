/**
 * HashiCorp Vault CLI. Reading secrets is a read; deleting or destroying secret versions, disabling a secrets
 * engine (which deletes every secret in it), disabling auth methods or audit devices, revoking leases by prefix
 * and sealing the server are `high`; disabling a whole secrets engine in production is catastrophic.
 */
import { has, parseArgs, value } from '../args.js';
import type { Invocation, ToolContext } from '../model.js';
import type { Action, Risk } from '../types.js';

// prettier-ignore
const VALUES = [
  '-mount', '-address', '-namespace', '-ns', '-format', '-field', '-versions', '-path', '-mode',
  '-method', '-accessor', '-policy', '-ttl', '-type', '-description', '-role', '-ca-cert',
  '-client-cert', '-client-key', '-wrap-ttl', '-header', '-output-policy', '-unlock-key', '-cas',
];

// prettier-ignore
const DESTROY = new Set([
  'delete', 'destroy', 'remove', 'rm', 'purge', 'wipe', 'drop', 'disable', 'revoke', 'deregister',
]);

/** `vault ...`: one action. */
export function vault(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: VALUES, longSingleDash: true });
  const pos = p.positionals;
  const [group = '', op = '', third = ''] = pos;
  const mount = value(p, '-mount');
  const ns = value(p, '-namespace', '-ns') ?? ctx.env['VAULT_NAMESPACE'];
  const act = (
    verb: string,
    risk: Risk,
    rule: string,
    targets: readonly string[],
    reason: string,
  ): Action[] => {
    const env = ctx.envOf(...targets, ns, ctx.env['VAULT_ADDR'], value(p, '-address'));
    const bad = risk === 'high' || risk === 'catastrophic';
    return [
      ctx.action({
        tool: 'vault',
        verb,
        effect: bad ? 'destroy' : risk === 'none' ? 'read' : 'write',
        risk,
        rule,
        targets,
        env,
        reversible: !bad,
        reasons: [reason],
      }),
    ];
  };
  if (has(p, '-help', '--help', '-h') || group === 'help' || group === '')
    return act('help', 'none', 'vault/read', [], 'prints help');
  const path = (...parts: Array<string | undefined>): string[] => {
    const found = parts.filter((x): x is string => x !== undefined && x.length > 0);
    return mount ? found.map((x) => `${mount}/${x}`) : found;
  };

  if (group === 'kv') {
    if (op === 'delete')
      return act(
        'kv delete',
        'high',
        'vault/kv-delete',
        path(third),
        `deletes the latest version of ${path(third).join('')}: applications reading it start failing`,
      );
    if (op === 'destroy')
      return act(
        'kv destroy',
        'high',
        'vault/kv-destroy',
        path(third),
        `permanently destroys versions of ${path(third).join('')}`,
      );
    if (op === 'metadata' && third === 'delete') {
      const target = path(pos[3]);
      return act(
        'kv metadata delete',
        'high',
        'vault/kv-metadata-delete',
        target,
        `removes ${target.join('')} with every version and its history, permanently`,
      );
    }
    if (op === 'metadata' && third === 'get')
      return act('kv metadata get', 'none', 'vault/read', path(pos[3]), 'reads secret metadata');
    if (op === 'get' || op === 'list')
      return act(`kv ${op}`, 'none', 'vault/read', path(third), 'reads secrets');
    return act(
      `kv ${op}`,
      'low',
      'vault/write',
      path(third),
      'writes a new secret version; earlier versions are kept',
    );
  }
  if (group === 'delete') return act('delete', 'high', 'vault/delete', [op], `deletes ${op}`);
  if (group === 'secrets' && op === 'disable') {
    const target = third || '<mount>';
    const prod = ctx.envOf(target, ns, ctx.env['VAULT_ADDR'], value(p, '-address')) === 'prod';
    return act(
      'secrets disable',
      prod ? 'catastrophic' : 'high',
      'vault/secrets-disable',
      [target],
      `disables the secrets engine at ${target}: every secret stored in it is revoked and deleted`,
    );
  }
  if (group === 'auth' && op === 'disable')
    return act(
      'auth disable',
      'high',
      'vault/auth-disable',
      [third],
      `disables the auth method ${third}: every token issued through it is revoked`,
    );
  if (group === 'audit' && op === 'disable')
    return act(
      'audit disable',
      'high',
      'vault/audit-disable',
      [third],
      'disables an audit device: access to secrets is no longer recorded',
    );
  if (group === 'policy' && op === 'delete')
    return act(
      'policy delete',
      'high',
      'vault/policy-delete',
      [third],
      `deletes the policy ${third}: tokens relying on it lose access`,
    );
  if (group === 'lease' && op === 'revoke') {
    if (has(p, '-prefix', '-force'))
      return act(
        'lease revoke -prefix',
        'high',
        'vault/lease-revoke',
        [third],
        `revokes every lease under ${third}: the credentials in use are cut off`,
      );
    return act('lease revoke', 'low', 'vault/write', [third], 'revokes one lease');
  }
  if (group === 'token' && op === 'revoke')
    return act('token revoke', 'low', 'vault/write', [third], 'revokes a token');
  if (group === 'operator') {
    if (op === 'seal')
      return act(
        'operator seal',
        'high',
        'vault/seal',
        [ctx.env['VAULT_ADDR'] ?? 'vault'],
        'seals Vault: every client loses access until it is unsealed with the key shares',
      );
    if (op === 'raft' && third === 'remove-peer')
      return act(
        'raft remove-peer',
        'high',
        'vault/raft-remove-peer',
        [pos[3] ?? ''],
        'removes a node from the Vault cluster',
      );
    if (op === 'raft' && third === 'snapshot' && pos[3] === 'restore') {
      return act(
        'raft snapshot restore',
        'high',
        'vault/snapshot-restore',
        [pos[4] ?? ''],
        "replaces all of Vault's data with a snapshot: later changes are lost",
      );
    }
    if (['members', 'key-status', 'diagnose', 'usage'].includes(op) || third === 'list-peers')
      return act(`operator ${op}`, 'none', 'vault/read', [], 'reads cluster state');
    return act(`operator ${op}`, 'low', 'vault/write', [], 'operator action');
  }
  if (group === 'namespace' && op === 'delete')
    return act(
      'namespace delete',
      'high',
      'vault/delete',
      [third],
      `deletes the namespace ${third} with everything in it`,
    );
  if (DESTROY.has(op))
    return act(
      `${group} ${op}`,
      'high',
      'vault/delete',
      [third],
      `${op}s ${third || group} in Vault`,
    );
  if (
    ['read', 'list', 'status', 'version', 'print', 'path-help', 'login', 'unwrap'].includes(
      group,
    ) ||
    ['list', 'read', 'lookup', 'get', 'capabilities'].includes(op)
  ) {
    return act(`${group} ${op}`.trim(), 'none', 'vault/read', pos.slice(1, 2), 'reads from Vault');
  }
  return act(
    `${group} ${op}`.trim(),
    'low',
    'vault/write',
    pos.slice(1, 2),
    'writes to Vault; the change can be reverted',
  );
}
