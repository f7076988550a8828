/**
 * sops and pass/gopass. Decrypting to the terminal is a read; decrypting in place or into a file leaves
 * plaintext secrets at rest (high); `pass rm` deletes entries; `pass git ...` is git on the store.
 */
import { has, parseArgs, value } from '../args.js';
import type { Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { resolvePath } from '../paths.js';
import { high, isScratch, read, write } from './secrets-util.js';

/** `sops`: decrypting to stdout is a read; decrypting in place or into a file leaves plaintext at rest. */
export function sops(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, {
    // prettier-ignore
    value: [
      '--output', '--input-type', '--output-type', '--kms', '--pgp', '--age', '--gcp-kms',
      '--azure-kv', '--hc-vault-transit', '--extract', '--set', '--config', '--encrypted-regex',
      '--unencrypted-regex', '--encrypted-suffix', '--unencrypted-suffix', '--filename-override',
      '--indent', '--shamir-secret-sharing-threshold', '--add-age', '--rm-age', '--add-pgp',
      '--rm-pgp', '--add-kms', '--rm-kms', '--keyservice',
    ],
  });
  const [first = '', ...rest] = p.positionals;
  if (has(p, '--help', '-h') || first === 'help') return [read(ctx, 'sops', 'help', 'prints help')];
  if (first === 'exec-env' || first === 'exec-file') {
    const cmd = rest.slice(1).join(' ');
    if (cmd) ctx.script(cmd.replace(/\{\}/g, 'secrets-file'), `sops ${first}`);
    return [
      read(ctx, 'sops', first, 'decrypts into the environment of a command (judged separately)'),
    ];
  }
  const decrypt = has(p, '-d', '--decrypt') || first === 'decrypt';
  const file = (first === 'decrypt' ? rest[0] : first) ?? '';
  if (!decrypt) {
    return [
      write(
        ctx,
        'sops',
        has(p, '-e', '--encrypt') || first === 'encrypt' ? 'encrypt' : first || 'edit',
        'encrypts or edits a secrets file; plaintext never reaches disk',
        [file],
      ),
    ];
  }
  const out = has(p, '-i', '--in-place')
    ? file
    : (value(p, '--output') ??
      inv.redirects.find((r) => r.op.includes('>') && (r.fd === undefined || r.fd === 1))?.target);
  if (out !== undefined && !isScratch(out)) {
    const target = resolvePath(out, ctx.cwd);
    return [
      high(ctx, 'sops', {
        verb: out === file ? 'decrypt --in-place' : 'decrypt > file',
        effect: 'write',
        rule: 'secrets/plaintext-at-rest',
        targets: [target],
        env: ctx.envOf(file, out),
        reasons: [
          `writes the decrypted secrets of ${file} in plain text to ${out}, where they can be committed, synced or read by anything`,
        ],
      }),
    ];
  }
  return [read(ctx, 'sops', 'decrypt', 'decrypts to the terminal only')];
}

/** `pass` and `gopass`: rm deletes entries (a folder with -r); `pass git ...` is git on the store. */
export function passStore(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = inv.name;
  const [sub = '', ...rest] = inv.args;
  if (sub === 'git') {
    ctx.argv([{ text: 'git', dynamic: false }, ...inv.words.slice(1)], `${tool} git`, {
      cwd: '~/.password-store',
    });
    return [write(ctx, tool, 'git', 'runs git on the password store (judged separately)')];
  }
  const p = parseArgs(rest, { value: ['-c', '--clip', '-q', '--qrcode', '--store'] });
  if (['rm', 'remove', 'delete'].includes(sub)) {
    const entries = p.positionals;
    return [
      high(ctx, tool, {
        verb: `${sub}${has(p, '-r', '--recursive') ? ' -r' : ''}`,
        effect: 'delete',
        rule: 'secrets/store-delete',
        targets: entries,
        env: ctx.envOf(...entries),
        reasons: [
          `deletes the password-store ${has(p, '-r', '--recursive') ? 'folder' : 'entry'} ${entries.join(', ')}`,
        ],
      }),
    ];
  }
  if (
    [
      'insert',
      'add',
      'edit',
      'generate',
      'mv',
      'cp',
      'move',
      'copy',
      'init',
      'sync',
      'create',
      'new',
      'otp',
      'setup',
      'mounts',
      'recipients',
      'config',
      'fsck',
    ].includes(sub)
  ) {
    return [
      write(
        ctx,
        tool,
        sub,
        `${tool} ${sub} changes the store (it is versioned in git)`,
        p.positionals,
      ),
    ];
  }
  return [read(ctx, tool, sub || 'ls', 'shows entries')];
}
