/**
 * Tool model: secrets and exfiltration. Sending secrets off the machine (scp, sftp, nc, socat, s_client),
 * wiring a shell to a socket, deleting entries from secret stores (Vault, pass, gopass, Bitwarden, KeePassXC,
 * the macOS keychain), deleting private keys, and leaving decrypted secrets at rest. `isSecretPath` is shared
 * with the other models (curl uploads, git add, gists).
 */
import { defineTool, type Invocation, type ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { gpg, security, sshKeygen } from './secrets-keys.js';
import { netcat, openssl, socat } from './secrets-net.js';
import { passStore, sops } from './secrets-sops.js';
import { passwordManager } from './secrets-stores.js';
import { scp, sftp } from './secrets-transfer.js';
import { vault } from './secrets-vault.js';

export { isSecretPath, secretInfo, type SecretInfo } from './secrets-paths.js';

/** age and ssh-add: encryption and agent management, nothing is lost. */
function harmless(inv: Invocation, ctx: ToolContext, reason: string): Action[] {
  return [
    ctx.action({
      tool: inv.name,
      verb: inv.name,
      effect: 'read',
      risk: 'none',
      rule: 'secrets/read',
      reasons: [reason],
    }),
  ];
}

export const secretsModel = defineTool({
  family: 'secrets',
  // prettier-ignore
  commands: [
    'scp', 'sftp', 'nc', 'ncat', 'netcat', 'socat', 'sops', 'vault', 'pass', 'gopass', 'gpg',
    'gpg2', 'age', 'ssh-keygen', 'ssh-add', 'security', 'bw', 'keepassxc-cli', 'openssl',
  ],
  analyze(inv: Invocation, ctx: ToolContext): Action[] {
    switch (inv.name) {
      case 'scp':
        return scp(inv, ctx);
      case 'sftp':
        return sftp(inv, ctx);
      case 'nc':
      case 'ncat':
      case 'netcat':
        return netcat(inv, ctx);
      case 'socat':
        return socat(inv, ctx);
      case 'openssl':
        return openssl(inv, ctx);
      case 'sops':
        return sops(inv, ctx);
      case 'vault':
        return vault(inv, ctx);
      case 'pass':
      case 'gopass':
        return passStore(inv, ctx);
      case 'gpg':
      case 'gpg2':
        return gpg(inv, ctx);
      case 'ssh-keygen':
        return sshKeygen(inv, ctx);
      case 'security':
        return security(inv, ctx);
      case 'bw':
      case 'keepassxc-cli':
        return passwordManager(inv, ctx);
      case 'age':
        return harmless(inv, ctx, 'encrypts or decrypts with age');
      default:
        return harmless(inv, ctx, 'manages keys loaded in the SSH agent');
    }
  },
});
