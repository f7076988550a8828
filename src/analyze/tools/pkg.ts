/**
 * Tool model: package managers. OS managers (apt, dnf, pacman ...) can remove the system itself; language
 * managers (npm, pip, cargo ...) can publish, unpublish and yank releases that other people depend on, and
 * change settings that turn off TLS or checksum verification. Everything else (install, build, test, cache
 * cleaning) is local and recoverable.
 */
import { defineTool, type Invocation, type ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { languagePackages } from './pkg-lang.js';
import { nodePackages } from './pkg-node.js';
import { pkgWrite } from './pkg-removal.js';
import { systemPackages } from './pkg-system.js';
import { packageGuard } from '../self.js';

// One-off environment weakenings (NODE_TLS_REJECT_UNAUTHORIZED=0 npm i) are reported by the shell engine.
export const pkgModel = defineTool({
  family: 'pkg',
  // prettier-ignore
  commands: [
    'apt', 'apt-get', 'aptitude', 'dpkg', 'yum', 'dnf', 'rpm', 'zypper', 'pacman', 'yay', 'paru',
    'apk', 'snap', 'flatpak', 'brew', 'port', 'nix-env', 'npm', 'yarn', 'pnpm', 'bun', 'pip',
    'pip3', 'pipx', 'uv', 'poetry', 'gem', 'cargo', 'twine', 'go', 'composer', 'mvn', 'gradle',
    'dotnet',
  ],
  analyze(inv: Invocation, ctx: ToolContext): Action[] {
    const actions = systemPackages(inv.name, inv.words, ctx) ??
      nodePackages(inv.name, inv.args, ctx) ??
      languagePackages(inv.name, inv.args, ctx) ?? [
        pkgWrite(ctx, inv.name, inv.name, 'manages packages'),
      ];
    // Removing Portcullis itself is the agent removing its own gate (`../self.ts`).
    return [...actions, ...packageGuard(inv.name, inv.args, ctx)];
  },
});
