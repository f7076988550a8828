/**
 * Keys and keychains: gpg, ssh-keygen, macOS `security`. Deleting a private key or keychain items, or
 * generating a key over an existing one, loses it for good (high); listing, exporting public keys, signing and
 * verifying are reads.
 */
import { has, parseArgs, value } from '../args.js';
import type { Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { high, read, write } from './secrets-util.js';

/** `gpg`/`gpg2`: commands are options; deleting a secret key loses it for good. */
export function gpg(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const p = parseArgs(inv.args, {
    // prettier-ignore
    value: [
      '-o', '--output', '-r', '--recipient', '-u', '--local-user', '--homedir', '--keyserver',
      '--default-key', '--passphrase', '--passphrase-file', '--pinentry-mode', '--trust-model',
      '--cipher-algo', '--digest-algo', '--compress-algo', '-z',
    ],
  });
  const keys = p.positionals;
  if (
    has(
      p,
      '--delete-secret-keys',
      '--delete-secret-key',
      '--delete-secret-and-public-key',
      '--delete-secret-and-public-keys',
    )
  ) {
    return [
      high(ctx, tool, {
        verb: '--delete-secret-keys',
        effect: 'destroy',
        rule: 'secrets/gpg-delete-secret-key',
        targets: keys,
        reasons: [
          `deletes the private key ${keys.join(', ')}: what was encrypted to it can no longer be decrypted`,
        ],
      }),
    ];
  }
  if (has(p, '--delete-keys', '--delete-key'))
    return [
      write(ctx, tool, '--delete-keys', 'deletes public keys; they can be re-imported', keys),
    ];
  if (
    has(
      p,
      '--import',
      '--recv-keys',
      '--receive-keys',
      '--send-keys',
      '--gen-key',
      '--generate-key',
      '--full-generate-key',
      '--quick-gen-key',
      '--edit-key',
      '--sign-key',
      '--lsign-key',
      '--gen-revoke',
      '--refresh-keys',
      '--import-ownertrust',
      '--quick-add-uid',
      '--quick-set-expire',
    )
  ) {
    return [write(ctx, tool, 'key management', 'manages the keyring', keys)];
  }
  return [read(ctx, tool, 'gpg', 'encrypts, decrypts, signs, verifies or lists')];
}

/** `ssh-keygen`: `-f` onto an existing key overwrites it; `-R` removes a known_hosts entry. */
export function sshKeygen(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, {
    // prettier-ignore
    value: [
      '-f', '-t', '-b', '-C', '-N', '-P', '-R', '-F', '-E', '-I', '-n', '-O', '-V', '-z', '-Y',
      '-a', '-m', '-s', '-r', '-w', '-Z', '-M', '-S', '-T', '-G', '-J', '-j', '-K',
    ],
  });
  if (has(p, '-y', '-l', '-F', '-e', '-i', '-Y', '-Q', '-D', '-H', '-L', '-B', '-?'))
    return [read(ctx, 'ssh-keygen', 'ssh-keygen', 'reads or converts a key')];
  if (has(p, '-R'))
    return [
      write(ctx, 'ssh-keygen', '-R', 'removes a host from known_hosts', [value(p, '-R') ?? '']),
    ];
  if (has(p, '-p', '-c', '-s', '-A', '-k', '-u'))
    return [
      write(
        ctx,
        'ssh-keygen',
        'ssh-keygen',
        'changes a passphrase or comment, signs a key or adds missing host keys',
      ),
    ];
  const file = value(p, '-f');
  if (
    file !== undefined &&
    /^(~|\/home\/[^/]+|\/Users\/[^/]+|\/root)\/\.ssh\/id_(rsa|dsa|ecdsa|ed25519)(_sk)?$|^\/etc\/ssh\/ssh_host_\w+_key$/.test(
      file,
    )
  ) {
    return [
      high(ctx, 'ssh-keygen', {
        verb: 'ssh-keygen -f',
        effect: 'destroy',
        rule: 'secrets/key-overwrite',
        targets: [file],
        reasons: [
          `generates a key at ${file}: if one exists it is overwritten, and every server or user that trusts it is cut off`,
        ],
      }),
    ];
  }
  return [write(ctx, 'ssh-keygen', 'ssh-keygen', 'generates a new key pair', file ? [file] : [])];
}

/** macOS `security`: deleting keychains or items loses stored passwords and keys. */
export function security(inv: Invocation, ctx: ToolContext): Action[] {
  const [sub = '', ...rest] = inv.args;
  if (sub.startsWith('delete-')) {
    const keychain = sub === 'delete-keychain';
    return [
      high(ctx, 'security', {
        verb: sub,
        effect: 'destroy',
        rule: keychain ? 'secrets/keychain-delete' : 'secrets/keychain-item-delete',
        targets: rest.filter((a) => !a.startsWith('-')),
        reasons: [
          keychain
            ? 'deletes a keychain with every password, key and certificate in it'
            : 'deletes an item from the keychain',
        ],
      }),
    ];
  }
  if (sub === 'authorizationdb' && rest[0] === 'write' && /allow/.test(rest.slice(1).join(' '))) {
    return [
      high(ctx, 'security', {
        verb: 'authorizationdb write',
        effect: 'write',
        rule: 'secrets/auth-weakening',
        targets: rest.slice(1, 2),
        reasons: ['grants an authorization right without authentication'],
      }),
    ];
  }
  if (/^(find|dump|show|list|verify|smartcard|cms|error|help|leaks)/.test(sub) || sub === '')
    return [read(ctx, 'security', sub || 'security')];
  return [write(ctx, 'security', sub, 'adds or changes keychain items or settings')];
}
