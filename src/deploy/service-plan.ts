/**
 * `portcullis service install | uninstall` as data: a plan of files to write and commands to run, then one place
 * that carries it out. Planning is pure, so tests pin exactly what would happen; carrying out is done three ways:
 * `dry-run` prints, `root-dir` writes the files under a staging directory and prints the commands (image builds,
 * review), and `live` (root only) writes and runs. Commands go through an injected runner, so no test can ever
 * reach useradd or systemctl.
 */
import { join } from 'node:path';
import { shellQuote } from '../analyze/shell/text.js';
import {
  checkUnitOptions,
  defaultGateConfig,
  renderUnit,
  UNIT_NAME,
  UNIT_PATH,
  type UnitOptions,
} from './systemd-unit.js';

/** One step of a plan, in order. */
export type Step =
  | {
      kind: 'file';
      path: string;
      content: string;
      mode: number;
      /** Leave an existing file alone (the operator's gate.yaml). */
      onlyIfMissing?: boolean;
    }
  | { kind: 'remove'; path: string }
  | {
      kind: 'run';
      argv: string[];
      /** Skip the step when this command succeeds (e.g. the user exists already). */
      unless?: string[];
      /** A failure is reported but does not stop the plan (stopping a unit that is not running). */
      mayFail?: boolean;
    };

/** What install or uninstall would do. */
export interface ServicePlan {
  steps: Step[];
  /** Problems that would make the service fail to start; `live` refuses to go on with any. */
  problems: string[];
  /** What to tell the operator afterwards. */
  notes: string[];
}

/** Plan `service install`: user, data dir, config (kept if present), unit, enable and start. */
export function planInstall(o: UnitOptions, problems: string[] = []): ServicePlan {
  checkUnitOptions(o);
  const steps: Step[] = [
    {
      kind: 'run',
      argv: [
        'useradd',
        '--system',
        '--user-group',
        '--home-dir',
        o.dataDir,
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        o.user,
      ],
      unless: ['id', '-u', o.user],
    },
    { kind: 'run', argv: ['install', '-d', '-m', '0700', '-o', o.user, '-g', o.user, o.dataDir] },
    {
      kind: 'file',
      path: o.config,
      content: defaultGateConfig(o.port),
      mode: 0o640,
      onlyIfMissing: true,
    },
    // The gate reads its config through its group; root keeps ownership so the gate cannot rewrite its own rules.
    { kind: 'run', argv: ['chown', `root:${o.user}`, o.config] },
    { kind: 'run', argv: ['chmod', '0640', o.config] },
    { kind: 'file', path: UNIT_PATH, content: renderUnit(o), mode: 0o644 },
    { kind: 'run', argv: ['systemctl', 'daemon-reload'] },
    { kind: 'run', argv: ['systemctl', 'enable', '--now', UNIT_NAME] },
  ];
  const notes = [
    `The gate runs as "${o.user}"; its store and vault key live in ${o.dataDir} (0700).`,
    `First start: the admin's one-time password is in the journal: sudo journalctl -u ${UNIT_NAME} | grep -A3 'First start'`,
    `Check it: systemctl status ${UNIT_NAME}; curl -s http://127.0.0.1:${String(o.port)}/healthz`,
    'Then run `portcullis doctor` as the agent\'s user: "gate secrets" must not warn.',
  ];
  if (o.port !== 7421)
    notes.push(
      `Hooks look for the gate at 127.0.0.1:7421; set PORTCULLIS_GATE=http://127.0.0.1:${String(o.port)} for agents.`,
    );
  return { steps, problems, notes };
}

/** Plan `service uninstall`: stop, disable, remove the unit. The data, the config and the user stay. */
export function planUninstall(o: Pick<UnitOptions, 'user' | 'dataDir'>): ServicePlan {
  return {
    steps: [
      { kind: 'run', argv: ['systemctl', 'disable', '--now', UNIT_NAME], mayFail: true },
      { kind: 'remove', path: UNIT_PATH },
      { kind: 'run', argv: ['systemctl', 'daemon-reload'] },
    ],
    problems: [],
    notes: [
      `Kept: ${o.dataDir} (store, vault key, audit) and the user "${o.user}".`,
      `To remove them too: sudo userdel ${o.user} && sudo rm -rf ${shellQuote(o.dataDir)}`,
    ],
  };
}

/** The result of one command. */
export interface RunResult {
  code: number;
  stderr: string;
}

/** Runs one command (argv, no shell). The CLI passes spawnSync; tests pass a recorder. */
export type Runner = (argv: readonly string[]) => RunResult;

/** The file operations `applyPlan` needs; injected so the CLI decides how to touch the disk. */
export interface PlanFs {
  exists(path: string): boolean;
  write(path: string, content: string, mode: number): void;
  remove(path: string): void;
}

/** How to carry out a plan. */
export type ApplyMode =
  { kind: 'dry-run' } | { kind: 'root-dir'; root: string } | { kind: 'live'; run: Runner };

/** The shell line a step stands for (what dry-run and root-dir print). */
export function stepLine(step: Step): string {
  switch (step.kind) {
    case 'run': {
      const line = step.argv.map((w) => shellQuote(w)).join(' ');
      const guard = step.unless
        ? `${step.unless.map((w) => shellQuote(w)).join(' ')} >/dev/null 2>&1 || `
        : '';
      return `${guard}${line}${step.mayFail === true ? ' || true' : ''}`;
    }
    case 'file':
      return `# write ${step.path} (mode ${step.mode.toString(8).padStart(4, '0')}${step.onlyIfMissing === true ? ', only if missing' : ''})`;
    case 'remove':
      return `rm -f ${shellQuote(step.path)}`;
  }
}

/**
 * Carry out `plan`. Returns the lines to show and whether everything went through. `live` refuses a plan with
 * problems and stops at the first failed command (a half-installed service is reported, not papered over).
 */
export function applyPlan(
  plan: ServicePlan,
  mode: ApplyMode,
  fs: PlanFs,
): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  if (mode.kind === 'live' && plan.problems.length > 0)
    return { ok: false, lines: plan.problems.map((p) => `refusing: ${p}`) };
  for (const p of plan.problems) lines.push(`warning: ${p}`);
  for (const step of plan.steps) {
    if (mode.kind === 'dry-run') {
      lines.push(stepLine(step));
      if (step.kind === 'file')
        lines.push(
          ...step.content
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`),
        );
      continue;
    }
    if (mode.kind === 'root-dir') {
      if (step.kind === 'run') {
        lines.push(`run: ${stepLine(step)}`);
        continue;
      }
      const target = join(mode.root, step.path);
      if (step.kind === 'remove') {
        fs.remove(target);
        lines.push(`removed ${target}`);
      } else if (step.onlyIfMissing === true && fs.exists(target)) {
        lines.push(`kept ${target}`);
      } else {
        fs.write(target, step.content, step.mode);
        lines.push(`wrote ${target}`);
      }
      continue;
    }
    if (step.kind === 'file') {
      if (step.onlyIfMissing === true && fs.exists(step.path)) lines.push(`kept ${step.path}`);
      else {
        fs.write(step.path, step.content, step.mode);
        lines.push(`wrote ${step.path}`);
      }
      continue;
    }
    if (step.kind === 'remove') {
      fs.remove(step.path);
      lines.push(`removed ${step.path}`);
      continue;
    }
    if (step.unless && mode.run(step.unless).code === 0) {
      lines.push(`skipped: ${stepLine(step)}`);
      continue;
    }
    const r = mode.run(step.argv);
    if (r.code !== 0 && step.mayFail !== true) {
      lines.push(`failed (exit ${String(r.code)}): ${stepLine(step)}`);
      if (r.stderr.trim() !== '') lines.push(`  ${r.stderr.trim()}`);
      return { ok: false, lines };
    }
    lines.push(`ran: ${stepLine(step)}`);
  }
  return { ok: true, lines };
}
