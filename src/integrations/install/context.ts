/**
 * What `install`, `uninstall` and `doctor` work against. Every root is injected — the home directory, the
 * project, `/etc`, the environment, the clock, the node binary and the CLI file — so tests run against
 * temporary directories and never touch the real ones. Only `src/cli` builds the real context.
 */
import { join } from 'node:path';

/** The scopes install knows, in the order doctor reports them. */
export const SCOPES = ['user', 'project', 'system'] as const;
/** user: the person's own config; project: the repository's; system: the managed location admins own. */
export type Scope = (typeof SCOPES)[number];

/** The roots and tools install, uninstall and doctor work with; every one injectable. */
export interface InstallContext {
  /** The home directory (`~`). */
  home: string;
  /** The project directory for `--scope project` (usually the current directory). */
  projectDir: string;
  /** Where system config lives (`/etc`). */
  etcDir: string;
  /** Environment variables that move config homes: CODEX_HOME, COPILOT_HOME, XDG_CONFIG_HOME, XDG_DATA_HOME. */
  env: Readonly<Record<string, string | undefined>>;
  /** Absolute path of the node binary the hook command starts (`process.execPath`). */
  nodePath: string;
  /** Absolute real path of the bundled CLI, `dist/portcullis.mjs`. */
  cliPath: string;
  /** The clock, for backup names and the manifest. */
  now: () => Date;
  /** Where the manifest and backups go (default: see `stateDir`). Tests point it outside `home`. */
  stateDirOverride?: string;
}

/** Internal faults of install/uninstall: a file we will not rewrite, a scope an agent lacks. Never a verdict. */
export class InstallError extends Error {
  override readonly name = 'InstallError';
  constructor(
    readonly code:
      | 'install/no-scope'
      | 'install/unparsable'
      | 'install/unexpected-shape'
      | 'install/foreign-file'
      | 'install/missing-cli'
      | 'install/unknown-agent'
      | 'install/no-http'
      | 'install/bad-gate'
      | 'install/bad-token',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Where Portcullis keeps its install manifest and the backups of files it changed: user and project installs
 * under `$XDG_DATA_HOME/portcullis` (`~/.local/share/portcullis`), system installs under `/etc/portcullis/install`
 * (root's, next to the system policy). Both are outside the agents' config directories — so a backup is never
 * loaded as config (`.github/hooks/*.json`, OpenCode's plugin folder) nor committed with a project — and both are
 * protected paths in the built-in policy, so an agent cannot edit the manifest to make uninstall lie.
 */
export function stateDir(scope: Scope, ctx: InstallContext): string {
  if (ctx.stateDirOverride !== undefined) return ctx.stateDirOverride;
  if (scope === 'system') return join(ctx.etcDir, 'portcullis', 'install');
  const dataHome = ctx.env.XDG_DATA_HOME ?? join(ctx.home, '.local', 'share');
  return join(dataHome, 'portcullis');
}

/** `$XDG_CONFIG_HOME` or `~/.config`. */
export function configHome(ctx: InstallContext): string {
  return ctx.env.XDG_CONFIG_HOME ?? join(ctx.home, '.config');
}
