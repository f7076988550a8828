/**
 * `portcullis doctor [--json]`: finds every installed Portcullis hook and proves it end to end (see
 * src/integrations/install/doctor.ts). Prints one block per hook; anything wrong is a red line with its fix
 * (colour only on a terminal). Exits 1 when a hook fails or none is installed.
 */
import type { Command } from 'commander';
import type { InstallContext } from '../integrations/install/context.js';
import type { Check, DoctorOptions, DoctorReport } from '../integrations/install/doctor.js';

/** How main wires the command; tests inject a context, options and output. */
export interface DoctorCommandOptions {
  setExitCode?: (code: number) => void;
  /** The context to look in (default: the real home, cwd and /etc). */
  context?: () => InstallContext | Promise<InstallContext>;
  doctor?: DoctorOptions;
  out?: (s: string) => void;
  /** Colour the output (default: stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
}

const MARK: Record<Check['status'], string> = { ok: '✓', warn: '!', fail: '✗', info: '·' };
const COLOUR: Record<Check['status'], string> = { ok: '32', warn: '33', fail: '31', info: '2' };

/** Render a report as text; `color` adds ANSI colours. */
export function renderDoctor(report: DoctorReport, color: boolean): string {
  const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const h of report.hooks) {
    const where = [h.scope, h.path, h.event].filter((s) => s !== '').join(' · ');
    lines.push(paint('1', `${h.title} (${h.agent})`) + ` · ${where}`);
    if (h.command !== '')
      lines.push(paint('2', `  ${h.event === 'plugin' ? 'loads' : 'runs'}: ${h.command}`));
    for (const c of h.checks) {
      const text = `  ${MARK[c.status]} ${c.name.padEnd(11)} ${c.detail}`;
      lines.push(paint(COLOUR[c.status], text));
      if (c.fix !== undefined && (c.status === 'fail' || c.status === 'warn'))
        lines.push(paint(COLOUR[c.status], `      fix: ${c.fix}`));
    }
    const { destructive, safe } = h.latencyMs;
    if (destructive !== undefined && safe !== undefined)
      lines.push(
        paint('2', `  latency: ${String(destructive)} ms (destructive), ${String(safe)} ms (safe)`),
      );
    lines.push('');
  }
  if (report.notInstalled.length > 0)
    lines.push(
      paint('2', `Not installed: ${report.notInstalled.join(', ')} (portcullis install <agent>)`),
    );
  const failed = report.hooks.filter((h) => !h.ok).length;
  if (report.hooks.length === 0)
    lines.push(
      paint(
        '31',
        'No Portcullis hook is installed: no agent is gated. Run `portcullis install <agent>`.',
      ),
    );
  else if (failed === 0)
    lines.push(
      paint(
        '32',
        `All ${String(report.hooks.length)} hooks block the destructive sample and pass the safe one.`,
      ),
    );
  else
    lines.push(
      paint(
        '31',
        `${String(failed)} of ${String(report.hooks.length)} hooks have problems (red lines above).`,
      ),
    );
  return `${lines.join('\n')}\n`;
}

/** Register `portcullis doctor` on `program` (wire it like install: pass main's exit-code setter). */
export function registerDoctorCommand(program: Command, options: DoctorCommandOptions = {}): void {
  const setExitCode = options.setExitCode ?? ((c: number): void => void (process.exitCode = c));
  const out = options.out ?? ((s: string): void => void process.stdout.write(s));
  program
    .command('doctor')
    .description(
      'prove every installed hook: a destructive sample must be blocked, a safe one must pass',
    )
    .option('--json', 'print the report as JSON')
    .option(
      '--data-dir <dir>',
      "also check this gate data directory for secrets the agents' user can read",
    )
    .addHelpText(
      'after',
      '\nFor each installed hook it runs the configured command as the agent would, with `rm -rf ~` and\n`git status` as data on stdin (the hook only judges them; nothing is executed), and reads the answer\nthe way that agent does. Exit 0 when every hook passes, 1 otherwise.',
    )
    .action(async (opts: { json?: boolean; dataDir?: string }) => {
      const { runDoctor } = await import('../integrations/install/doctor.js');
      const context = options.context ?? (await import('./install.js')).realContext;
      const ctx = await context();
      const report = await runDoctor(ctx, options.doctor);
      // A warning only: the gate running as the agent's own user is a supported first step (docs/deploy.md).
      const secrets = await import('../deploy/secrets-check.js');
      const gateSecrets = secrets.gateSecretsForDoctor(ctx.home, ctx.env, opts.dataDir);
      if (opts.json === true) out(`${JSON.stringify({ ...report, gateSecrets }, null, 2)}\n`);
      else {
        const color = options.color ?? (process.stdout.isTTY && process.env.NO_COLOR === undefined);
        out(renderDoctor(report, color) + secrets.renderSecretsCheck(gateSecrets, color));
      }
      setExitCode(report.ok ? 0 : 1);
    });
}
