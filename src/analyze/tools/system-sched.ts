/**
 * Scheduling: crontab and at. Installing a schedule is routine, but what it schedules runs later
 * without anyone watching, so each scheduled command is analysed as if it ran now (`ctx.script`,
 * hop `crontab`).
 */
import { knownInput } from '../model.js';
import type { Action } from '../types.js';
import type { Invocation, Producer, ToolContext } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { finding, isHelp, readOnly } from './system-common.js';

/**
 * The command part of one crontab line, or undefined for comments, blanks and variable settings.
 */
export function cronCommand(line: string): string | undefined {
  const t = line.trim();
  if (t === '' || t.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(t)) return undefined;
  const special = /^@\w+\s+(.+)$/.exec(t);
  if (special) return special[1];
  const fields = /^(?:\S+\s+){5}(.+)$/.exec(t);
  // `%` starts the command's stdin in cron syntax; the command is what comes before it.
  return fields?.[1]?.split(/(?<!\\)%/)[0];
}

/**
 * Analyse every command of a crontab (the engine records their actions under the hop `crontab`).
 */
function scheduled(text: string, ctx: ToolContext): void {
  for (const line of text.split('\n').slice(0, 64)) {
    const cmd = cronCommand(line);
    if (cmd !== undefined && cmd.trim() !== '') ctx.script(cmd, 'crontab');
  }
}

/** What a schedule's source is: visible text, a download, or something not visible here. */
function sourceNote(stdin: Producer | undefined, file: string | undefined): string {
  if (file !== undefined && file !== '-')
    return `installs ${file} as the crontab (its contents are not visible here)`;
  if (stdin?.kind === 'text')
    return 'installs the given lines as the crontab, replacing the current one';
  return 'installs a new crontab from standard input, replacing the current one';
}

/** `crontab -l | -r | -e | FILE | -`. */
export function crontab(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'crontab';
  if (isHelp(inv.args) || inv.args.includes('-V'))
    return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, { value: ['-u', '-n', '-s'] });
  const user = value(p, '-u');
  const targets = [user ? `crontab of ${user}` : 'crontab'];
  if (has(p, '-l')) return [readOnly(ctx, tool, 'list', 'system/read', 'read-only', targets)];
  if (has(p, '-T'))
    return [readOnly(ctx, tool, 'test', 'system/read', 'only checks the syntax', targets)];
  if (has(p, '-r')) {
    return [
      finding(ctx, tool, {
        verb: 'crontab -r',
        risk: 'high',
        effect: 'delete',
        rule: 'system/crontab-remove',
        targets,
        reasons: ['deletes every scheduled job of the user, with no copy kept'],
      }),
    ];
  }
  if (has(p, '-e')) {
    return [
      finding(ctx, tool, {
        verb: 'crontab -e',
        risk: 'low',
        rule: 'system/crontab-install',
        targets,
        reasons: ['edits the crontab interactively'],
      }),
    ];
  }
  const file = p.positionals[0];
  const fromStdin = file === undefined || file === '-';
  if (fromStdin && inv.stdin?.kind === 'remote') {
    return [
      finding(ctx, tool, {
        verb: 'crontab -',
        risk: 'high',
        effect: 'unknown',
        rule: 'system/crontab-remote',
        targets,
        reasons: [
          `schedules code downloaded from ${inv.stdin.source}: what it runs cannot be judged here`,
        ],
      }),
    ];
  }
  const install = finding(ctx, tool, {
    verb: 'crontab install',
    risk: 'low',
    rule: 'system/crontab-install',
    targets,
    reasons: [sourceNote(fromStdin ? inv.stdin : undefined, file)],
  });
  // What gets installed, when visible: stdin (or its known parts), or a file this command line wrote.
  const text = fromStdin ? knownInput(inv.stdin) : ctx.fileText(file);
  if (text) scheduled(text, ctx);
  return [install];
}

/** `at TIME` (commands on stdin or `-f FILE`), `at -l`, `at -c JOB`, `at -r JOB`. */
export function at(inv: Invocation, ctx: ToolContext): Action[] {
  const tool = 'at';
  if (isHelp(inv.args) || inv.args.includes('-V'))
    return [readOnly(ctx, tool, 'help', 'system/read')];
  const p = parseArgs(inv.args, { value: ['-f', '-q', '-t'] });
  if (has(p, '-l', '-c')) return [readOnly(ctx, tool, 'list', 'system/read')];
  if (has(p, '-r', '-d')) {
    return [
      finding(ctx, tool, {
        verb: 'at -r',
        risk: 'low',
        effect: 'delete',
        rule: 'system/at-remove',
        targets: p.positionals,
        reasons: ['removes queued one-off jobs'],
      }),
    ];
  }
  const file = value(p, '-f');
  if (file === undefined && inv.stdin?.kind === 'remote') {
    return [
      finding(ctx, tool, {
        verb: 'at',
        risk: 'high',
        effect: 'unknown',
        rule: 'system/at-remote',
        targets: p.positionals,
        reasons: [`schedules code downloaded from ${inv.stdin.source}`],
      }),
    ];
  }
  const action = finding(ctx, tool, {
    verb: 'at',
    risk: 'low',
    rule: 'system/at-schedule',
    targets: [p.positionals.join(' ')],
    reasons: [file ? `schedules the script ${file}` : 'schedules a one-off job'],
  });
  if (file === undefined && inv.stdin?.kind === 'text') ctx.script(inv.stdin.text, 'at');
  return [action];
}
