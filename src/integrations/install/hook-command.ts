/**
 * The command line an agent runs for its hook, and how Portcullis recognises its own entries in a config
 * file. The command names node and the CLI by absolute path, so it works without PATH (agents often start hooks
 * with a minimal environment) and a typo'd PATH cannot silently disable the gate.
 */
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AgentName } from '../hooks/adapter.js';
import type { InstallContext } from './context.js';
import { isHookUrl } from './gate.js';

/** What an installed hook runs. */
export interface HookCommand {
  agent: AgentName;
  /** The shell command line: `<node> <dist/portcullis.mjs> hook <agent>`. */
  text: string;
  /** The OpenCode plugin module the shim re-exports (`dist/integrations/hooks/opencode.js`). */
  pluginModule: string;
  /**
   * Set for an http hook (`install claude-code --http`): the daemon route the agent POSTs each call to,
   * instead of starting `text` — no process per call.
   */
  url?: string;
}

// Agents run hook commands through `sh -c`/`bash -c`: quote words the same way the analyzer does.
import { shellQuote } from '../../analyze/shell/text.js';

export { shellQuote };

/** The hook command for `agent` in `ctx`; with `url`, the hook is an http hook to that daemon route. */
export function hookCommand(agent: AgentName, ctx: InstallContext, url?: string): HookCommand {
  return {
    agent,
    text: `${shellQuote(ctx.nodePath)} ${shellQuote(ctx.cliPath)} hook ${agent}`,
    pluginModule: join(dirname(ctx.cliPath), 'integrations', 'hooks', 'opencode.js'),
    ...(url !== undefined ? { url } : {}),
  };
}

/**
 * Whether a hook command in a config file is Portcullis' hook for `agent`: it mentions portcullis and ends in
 * `hook <agent>`. This also recognises a hand-written `portcullis hook <agent>`, so uninstall and doctor treat
 * it as ours too.
 */
export function isPortcullisCommand(command: string, agent: AgentName): boolean {
  const words = command.trim().split(/\s+/);
  const n = words.length;
  return (
    n >= 3 &&
    words[n - 1] === agent &&
    words[n - 2] === 'hook' &&
    command.toLowerCase().includes('portcullis')
  );
}

/**
 * Whether a hook entry's command or URL (the shapes hand over whichever the entry has) is Portcullis' for
 * `agent`: our command, or — Claude Code only, the one agent Portcullis installs http hooks for — a URL of the
 * daemon's hook route. Install, uninstall and doctor all use this, so switching between the command and the http
 * form replaces our entry instead of adding a second one.
 */
export function isPortcullisEntry(value: string, agent: AgentName): boolean {
  return isPortcullisCommand(value, agent) || (agent === 'claude-code' && isHookUrl(value, agent));
}

/** Whether a file's text is a Portcullis OpenCode plugin shim. */
export function isPortcullisPluginText(text: string): boolean {
  return /\bPortcullisPlugin\b/.test(text) && text.includes('portcullis');
}

/**
 * The OpenCode plugin shim. OpenCode calls every export of a plugin file as a plugin, and the plugin module
 * also exports helpers, so the shim re-exports the plugin and nothing else.
 */
export function openCodeShim(cmd: HookCommand): string {
  const url = pathToFileURL(cmd.pluginModule).href;
  return [
    '// Portcullis: every OpenCode tool call goes through the safety gate first (written by `portcullis install opencode`).',
    '// OpenCode calls every export of this file as a plugin: keep the single re-export below.',
    '// Remove it with `portcullis uninstall opencode` (a human, not the agent).',
    `export { PortcullisPlugin } from ${JSON.stringify(url)};`,
    '',
  ].join('\n');
}
