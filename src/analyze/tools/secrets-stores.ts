/**
 * Password-manager CLIs: Bitwarden `bw` and keepassxc-cli. Reading entries is a read; deleting entries, exporting
 * the vault unencrypted and sharing secret files through a Send link are `high`.
 */
import { has, parseArgs, value } from '../args.js';
import type { Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { secretInfo } from './secrets-paths.js';
import { high, read, write } from './secrets-util.js';

/** Password-manager CLIs: `bw`, `keepassxc-cli`. */
export function passwordManager(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const p = parseArgs(inv.args, {
    // prettier-ignore
    value: [
      '--format', '-f', '--output', '-o', '--session', '--organizationid', '-k', '--key-file',
      '-y', '--yubikey', '-a', '--attributes',
    ],
  });
  const [sub = '', ...rest] = p.positionals;
  if (sub === 'delete' || sub === 'rm' || sub === 'rmdir' || sub === 'attachment-rm') {
    return [
      high(ctx, tool, {
        verb: sub,
        effect: 'delete',
        rule: 'secrets/store-delete',
        targets: rest,
        reasons: [
          `deletes ${rest.join(' ') || 'an entry'} from the password vault${has(p, '--permanent') ? ' permanently' : ''}`,
        ],
      }),
    ];
  }
  if (sub === 'send') {
    const files = [value(p, '-f', '--file'), ...rest].filter(
      (f): f is string => f !== undefined && secretInfo(f) !== undefined,
    );
    if (files.length > 0) {
      return [
        high(ctx, tool, {
          verb: 'send',
          effect: 'write',
          rule: 'secrets/exfiltration',
          targets: files,
          reasons: [
            `shares ${files.join(', ')} (${secretInfo(files[0] ?? '')?.what ?? 'secret'}) through a public Send link`,
          ],
        }),
      ];
    }
  }
  if (sub === 'export') {
    const format = (value(p, '--format', '-f') ?? (tool === 'bw' ? 'csv' : 'xml')).toLowerCase();
    if (!/encrypted/.test(format)) {
      return [
        high(ctx, tool, {
          verb: 'export',
          effect: 'write',
          rule: 'secrets/plaintext-at-rest',
          targets: [value(p, '--output', '-o') ?? 'stdout'],
          reasons: [`exports the whole vault unencrypted (${format})`],
        }),
      ];
    }
  }
  if (
    [
      'get',
      'list',
      'status',
      'show',
      'ls',
      'search',
      'clip',
      'totp',
      'estimate',
      'generate',
      'diceware',
      'analyze',
      'db-info',
      'config',
      'encode',
      'unlock',
      'lock',
      'login',
      'logout',
      'sync',
      'open',
      'completion',
      'help',
    ].includes(sub)
  ) {
    return [read(ctx, tool, sub, 'reads from the vault or manages the session')];
  }
  return [write(ctx, tool, sub, `${tool} ${sub} creates or edits vault entries`, rest)];
}
