/**
 * `portcullis install <agent|all>` and `portcullis uninstall <agent|all>`. Registration only: the work is in
 * src/integrations/install, imported when one of these commands runs, so a hook process never loads it.
 * Uninstall is for humans: an agent running it is denied by the analyzer (self-protection).
 */
import type { Command } from 'commander';
import type { InstallContext, Scope } from '../integrations/install/context.js';
import type { HookConfigChange } from '../integrations/install/hook-config.js';
import type { FileChange } from '../integrations/install/install.js';
import type { AgentOrAll } from '../integrations/install/run.js';
import type { UninstallStep } from '../integrations/install/uninstall.js';
import { FlagError, gateSetup, type GateSetup, type InstallFlags } from './install-gate.js';
import type { PromptInput } from './prompt.js';

/** How main wires the commands; tests inject a context and output sinks. */
export interface InstallCommandOptions {
  /** Where the exit code goes (default: `process.exitCode`). */
  setExitCode?: (code: number) => void;
  /** The context to work in (default: the real home, cwd, /etc, node and CLI). Tests pass temp dirs. */
  context?: () => InstallContext | Promise<InstallContext>;
  /** Where output goes (default: the process streams). */
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** Where `--token-stdin` reads its line (default: process.stdin; hidden input on a terminal). */
  stdin?: PromptInput;
}

const AGENT_LIST = 'claude-code | codex | gemini | cursor | copilot | kiro | opencode | all';

/** The context of a real run: this user's home, the current directory, /etc, this node and this CLI. */
export async function realContext(): Promise<InstallContext> {
  const fs = await import('node:fs');
  const { homedir } = await import('node:os');
  const path = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const here = fileURLToPath(import.meta.url);
  // Bundled, this module *is* dist/portcullis.mjs; compiled unbundled, the bundle sits one level up.
  const candidates = [
    ...(here.endsWith('portcullis.mjs') ? [here] : []),
    path.resolve(path.dirname(here), '..', 'portcullis.mjs'),
    ...(process.argv[1] !== undefined ? [process.argv[1]] : []),
  ];
  const cli = candidates.find((c) => fs.existsSync(c)) ?? here;
  return {
    home: homedir(),
    projectDir: process.cwd(),
    etcDir: '/etc',
    env: process.env,
    nodePath: fs.realpathSync(process.execPath),
    cliPath: fs.realpathSync(cli),
    now: () => new Date(),
  };
}

function parseTarget(agent: string, names: readonly string[]): string | undefined {
  return agent === 'all' || names.includes(agent) ? agent : undefined;
}

const VERB: Record<FileChange['action'], [string, string]> = {
  create: ['created', 'would create'],
  update: ['updated', 'would update'],
  unchanged: ['unchanged', 'unchanged'],
};

function describeChange(c: FileChange, dryRun: boolean): string[] {
  const lines = [`  ${VERB[c.action][dryRun ? 1 : 0]} ${c.path}`];
  if (c.backup !== undefined) lines.push(`    backup: ${c.backup}`);
  if (c.action !== 'unchanged') {
    for (const e of c.entries)
      lines.push(
        typeof e.entry === 'string'
          ? `    ${e.event}:\n${e.entry.replace(/^/gm, '      ').trimEnd()}`
          : `    ${e.event}: ${JSON.stringify(e.entry)}`,
      );
  }
  return lines;
}

const UNDO: Record<UninstallStep['action'], [string, string]> = {
  restore: ['restored byte for byte from', 'would restore byte for byte from'],
  delete: ['deleted (Portcullis created it)', 'would delete (Portcullis created it)'],
  strip: [
    "removed Portcullis' entries (the file changed since install; the rest is kept)",
    "would remove Portcullis' entries (the file changed since install; the rest is kept)",
  ],
  forget: ['already gone; forgotten', 'already gone; would be forgotten'],
};

function describeStep(s: UninstallStep, dryRun: boolean): string[] {
  const what = UNDO[s.action][dryRun ? 1 : 0];
  const head = `  ${s.path}: ${what}${s.action === 'restore' ? ` ${s.backup ?? ''}` : ''}`;
  return s.action === 'strip' && s.backup !== undefined
    ? [head, `    backup of the file before: ${s.backup}`]
    : [head];
}

const CONFIG_VERB: Record<HookConfigChange['action'], [string, string]> = {
  create: ['created', 'would create'],
  update: ['updated', 'would update'],
  unchanged: ['unchanged', 'unchanged'],
};

function failure(err: unknown, scope: string): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM')
    return `${e.message}${scope === 'system' ? ' (the system scope needs root: run it with sudo)' : ''}`;
  return e instanceof Error ? e.message : String(err);
}

/**
 * Register `install` and `uninstall` on `program`. Wire it in main.ts with main's exit-code setter:
 * `registerInstallCommands(program, { setExitCode: (c) => { code = c; } })`.
 */
export function registerInstallCommands(
  program: Command,
  options: InstallCommandOptions = {},
): void {
  const setExitCode = options.setExitCode ?? ((c: number): void => void (process.exitCode = c));
  const out = options.out ?? ((s: string): void => void process.stdout.write(s));
  const err = options.err ?? ((s: string): void => void process.stderr.write(s));
  const context = options.context ?? realContext;
  const stdin = options.stdin ?? process.stdin;

  const prepare = async (verb: string, agent: string, scope: string) => {
    const { AGENT_NAMES } = await import('../integrations/hooks/index.js');
    const { SCOPES } = await import('../integrations/install/context.js');
    const target = parseTarget(agent, AGENT_NAMES);
    if (target === undefined) {
      err(`portcullis ${verb}: unknown agent "${agent}" (one of: ${AGENT_LIST})\n`);
      return undefined;
    }
    if (!(SCOPES as readonly string[]).includes(scope)) {
      err(`portcullis ${verb}: unknown scope "${scope}" (user | project | system)\n`);
      return undefined;
    }
    return { target: target as AgentOrAll, scope: scope as Scope };
  };

  program
    .command('install')
    .description(
      'put Portcullis in front of an agent: writes its hook config (merged, backed up, fail-closed)',
    )
    .argument('<agent>', AGENT_LIST)
    .option(
      '--scope <scope>',
      'user (your config), project (this directory), system (managed, needs root)',
      'user',
    )
    .option('--dry-run', 'show what would be written, write nothing')
    .option(
      '--http',
      'Claude Code only: an http hook posting to the gate daemon (no process per call; needs `portcullis serve`)',
    )
    .option(
      '--gate <url>',
      'the gate (default $PORTCULLIS_GATE or http://127.0.0.1:7421); plain http only on loopback',
    )
    .option(
      '--token-stdin',
      "read the agent's token from one line of stdin into ~/.config/portcullis/hook.json (command hooks)",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  portcullis install claude-code\n  portcullis install claude-code --http\n  portcullis install all --dry-run\n  portcullis install codex --token-stdin < token.txt\n  sudo portcullis install copilot --scope system\n\nCheck it afterwards with `portcullis doctor`; undo it with `portcullis uninstall <agent>`.',
    )
    .action(async (agent: string, opts: InstallFlags) => {
      const args = await prepare('install', agent, opts.scope);
      if (!args) {
        setExitCode(2);
        return;
      }
      const { runInstall } = await import('../integrations/install/run.js');
      const { applyHookConfig, planHookConfig } =
        await import('../integrations/install/hook-config.js');
      try {
        const dryRun = opts.dryRun === true;
        const ctx = await context();
        let setup: GateSetup;
        try {
          setup = await gateSetup(args.target, args.scope, opts, ctx, stdin, err);
        } catch (e) {
          if (!(e instanceof FlagError)) throw e;
          err(`portcullis install: ${e.message}\n`);
          setExitCode(2);
          return;
        }
        // Planned before anything is written: a hook.json that does not parse stops the run unchanged.
        const config = setup.hookConfig && planHookConfig(ctx, setup.hookConfig);
        const result = runInstall(args.target, args.scope, ctx, dryRun, setup.options);
        if (config && !dryRun && config.action !== 'unchanged') applyHookConfig(config, ctx);
        for (const plan of result.plans) {
          out(`${plan.agent} (${plan.scope} scope):\n`);
          for (const c of result.changes.filter((x) => x.agent === plan.agent))
            out(`${describeChange(c, dryRun).join('\n')}\n`);
          for (const n of plan.notes) out(`  note: ${n}\n`);
        }
        for (const s of result.skipped) out(`${s.agent}: skipped, ${s.reason}\n`);
        // The token is only in config.after: print which keys were set, never their values.
        if (config)
          out(
            `Hook settings: ${CONFIG_VERB[config.action][dryRun ? 1 : 0]} ${config.path} (${config.keys.join(', ')}; mode 0600)\n`,
          );
        const first = result.plans[0]?.command;
        const cmd = first?.text.replace(/ hook \S+$/, ' hook <agent>');
        const head =
          first?.url !== undefined ? `Hook URL: ${first.url}` : `Hook command: ${cmd ?? ''}`;
        if (first !== undefined)
          out(
            `${head}\n${dryRun ? 'Dry run: nothing was written.\n' : 'Check it: portcullis doctor\n'}`,
          );
        setExitCode(0);
      } catch (e) {
        err(`portcullis install: ${failure(e, args.scope)}\n`);
        setExitCode(1);
      }
    });

  program
    .command('uninstall')
    .description(
      "take Portcullis out of an agent's hook config, restoring the previous file exactly (for humans)",
    )
    .argument('<agent>', AGENT_LIST)
    .option('--scope <scope>', 'user | project | system', 'user')
    .option('--dry-run', 'show what would be done, change nothing')
    .action(async (agent: string, opts: { scope: string; dryRun?: boolean }) => {
      const args = await prepare('uninstall', agent, opts.scope);
      if (!args) {
        setExitCode(2);
        return;
      }
      const { runUninstall } = await import('../integrations/install/run.js');
      try {
        const dryRun = opts.dryRun === true;
        const result = runUninstall(args.target, args.scope, await context(), dryRun);
        for (const s of result.steps)
          out(`${s.agent} (${s.scope} scope):\n${describeStep(s, dryRun).join('\n')}\n`);
        for (const s of result.skipped) out(`${s.agent}: skipped, ${s.reason}\n`);
        if (result.steps.length === 0)
          out(`No Portcullis hook found for ${agent} (${args.scope} scope).\n`);
        setExitCode(0);
      } catch (e) {
        err(`portcullis uninstall: ${failure(e, args.scope)}\n`);
        setExitCode(1);
      }
    });
}
