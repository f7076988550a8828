/**
 * `portcullis service install | uninstall` (the gate as a systemd service under its own user) and, through
 * identity.ts, `portcullis identity plan`. The plans are built in src/deploy; this file decides how to touch the
 * machine: dry-run prints, `--root DIR` stages files and prints commands, and only a live run as root writes to
 * /etc and runs useradd and systemctl.
 */
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import type { ApplyMode, PlanFs, Runner, ServicePlan } from '../deploy/service-plan.js';
import type { UnitOptions } from '../deploy/systemd-unit.js';
import { registerIdentityCommand } from './identity.js';

/** How program.ts wires the commands; tests inject output, the runner and who is running. */
export interface DeployCommandOptions {
  setExitCode: (code: number) => void;
  out?: (s: string) => void;
  err?: (s: string) => void;
  /** Runs useradd, install, chown, systemctl (default: spawnSync). Only used by a live run. */
  runner?: Runner;
  /** Whether this process is root (default: uid 0). */
  isRoot?: () => boolean;
  /** How files are written and removed (default: the real disk). */
  fs?: () => Promise<PlanFs>;
  /** Node and CLI paths written into ExecStart (default: this node, this CLI). */
  paths?: () => Promise<{ nodePath: string; cliPath: string }>;
}

interface InstallFlags {
  user: string;
  dataDir: string;
  config: string;
  port: string;
  protectHome: string;
  dryRun?: boolean;
  root?: string;
}

const spawnRunner: Runner = (argv) => {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd ?? 'false', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status ?? 1, stderr: r.stderr };
};

async function realFs(): Promise<PlanFs> {
  const fs = await import('node:fs');
  return {
    exists: (p) => fs.existsSync(p),
    write: (p, content, mode) => {
      fs.mkdirSync(dirname(p), { recursive: true, mode: 0o755 });
      fs.writeFileSync(p, content, { mode });
      fs.chmodSync(p, mode);
    },
    remove: (p) => {
      fs.rmSync(p, { force: true });
    },
  };
}

async function defaultPaths(): Promise<{ nodePath: string; cliPath: string }> {
  const { realContext } = await import('./install.js');
  const ctx = await realContext();
  return { nodePath: ctx.nodePath, cliPath: ctx.cliPath };
}

/** Why the service user could not start node or read the CLI, if it could not. */
async function reachProblems(o: UnitOptions): Promise<string[]> {
  const { reachable, SOMEONE_ELSE } = await import('../deploy/reach.js');
  const problems: string[] = [];
  for (const [what, path, bit] of [
    ['node', o.nodePath, 1],
    ['the Portcullis CLI', o.cliPath, 4],
  ] as const) {
    const r = reachable(path, SOMEONE_ELSE, bit);
    if (!r.ok)
      problems.push(
        `the "${o.user}" user cannot ${bit === 1 ? 'run' : 'read'} ${what} at ${path} (blocked at ${r.blocker ?? path}); install node and portcullis system-wide (e.g. npm install -g under /usr/local)`,
      );
    else if (o.protectHome === 'true' && /^\/(home|root|run\/user)\//.test(path))
      problems.push(
        `${what} is under a home directory (${path}), which --protect-home true hides from the service`,
      );
  }
  return problems;
}

/** Pick the apply mode from the flags; undefined (with a message) when a live run is not allowed. */
function modeOf(
  flags: { dryRun?: boolean; root?: string },
  opts: DeployCommandOptions,
  err: (s: string) => void,
  verb: string,
): ApplyMode | undefined {
  if (flags.dryRun === true) return { kind: 'dry-run' };
  if (flags.root !== undefined) return { kind: 'root-dir', root: flags.root };
  const isRoot = opts.isRoot ?? ((): boolean => process.getuid?.() === 0);
  if (!isRoot()) {
    err(
      `portcullis service ${verb}: needs root (sudo portcullis service ${verb}); --dry-run shows what it would do, --root DIR stages the files\n`,
    );
    return undefined;
  }
  return { kind: 'live', run: opts.runner ?? spawnRunner };
}

async function carryOut(
  plan: ServicePlan,
  mode: ApplyMode,
  opts: DeployCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const { applyPlan } = await import('../deploy/service-plan.js');
  const result = applyPlan(plan, mode, await (opts.fs ?? realFs)());
  (result.ok ? out : err)(`${result.lines.join('\n')}\n`);
  if (!result.ok) return 1;
  if (plan.notes.length > 0) out(`\n${plan.notes.join('\n')}\n`);
  return 0;
}

/** Register `service install | uninstall` and `identity plan` on `program`. */
export function registerDeployCommands(program: Command, opts: DeployCommandOptions): void {
  const out = opts.out ?? ((s: string): void => void process.stdout.write(s));
  const err = opts.err ?? ((s: string): void => void process.stderr.write(s));
  const service = program
    .command('service')
    .description(
      'run the gate as a systemd service under its own user (the agent can then read none of its secrets)',
    );

  service
    .command('install')
    .description('write the systemd unit, create the system user, enable and start the gate')
    .option('--user <name>', 'the system user the gate runs as', 'portcullis')
    .option(
      '--data-dir <dir>',
      'the store and vault key (0700, the gate user only)',
      '/var/lib/portcullis',
    )
    .option(
      '--config <file>',
      'the gate config (root:<user> 0640; created when missing)',
      '/etc/portcullis/gate.yaml',
    )
    .option('--port <port>', 'loopback port (hooks expect 7421)', '7421')
    .option(
      '--protect-home <mode>',
      'read-only (the broker may run in project dirs) or true',
      'read-only',
    )
    .option('--dry-run', 'print the unit and the commands; change nothing')
    .option(
      '--root <dir>',
      'write the files under DIR and print the commands instead of running them',
    )
    .addHelpText(
      'after',
      `
Examples:
  sudo portcullis service install                 # user "portcullis", /var/lib/portcullis, 127.0.0.1:7421
  portcullis service install --dry-run            # see the unit and every command first
  portcullis service install --root ./image-root  # stage /etc files for an image build

Then, as the agents' user: portcullis doctor   (the "gate secrets" line must not warn)`,
    )
    .action(async (flags: InstallFlags) => {
      const { planInstall } = await import('../deploy/service-plan.js');
      const { nodePath, cliPath } = await (opts.paths ?? defaultPaths)();
      try {
        if (flags.protectHome !== 'true' && flags.protectHome !== 'read-only')
          throw new Error(`--protect-home must be read-only or true, not "${flags.protectHome}"`);
        const unit: UnitOptions = {
          user: flags.user,
          dataDir: flags.dataDir,
          config: flags.config,
          port: /^\d+$/.test(flags.port) ? Number(flags.port) : NaN,
          nodePath,
          cliPath,
          protectHome: flags.protectHome,
        };
        const plan = planInstall(unit, await reachProblems(unit));
        const mode = modeOf(flags, opts, err, 'install');
        if (mode === undefined) {
          opts.setExitCode(1);
          return;
        }
        opts.setExitCode(await carryOut(plan, mode, opts, out, err));
      } catch (e) {
        err(`portcullis service install: ${e instanceof Error ? e.message : String(e)}\n`);
        opts.setExitCode(2);
      }
    });

  service
    .command('uninstall')
    .description('stop and disable the service and remove its unit; the data, config and user stay')
    .option('--user <name>', 'the system user the gate runs as', 'portcullis')
    .option('--data-dir <dir>', 'the data directory (kept)', '/var/lib/portcullis')
    .option('--dry-run', 'print the commands; change nothing')
    .option('--root <dir>', 'remove the unit under DIR and print the commands')
    .action(async (flags: { user: string; dataDir: string; dryRun?: boolean; root?: string }) => {
      const { planUninstall } = await import('../deploy/service-plan.js');
      const mode = modeOf(flags, opts, err, 'uninstall');
      if (mode === undefined) {
        opts.setExitCode(1);
        return;
      }
      opts.setExitCode(await carryOut(planUninstall(flags), mode, opts, out, err));
    });

  registerIdentityCommand(program, { setExitCode: opts.setExitCode, out, err });
}
