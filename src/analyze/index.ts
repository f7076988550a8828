/**
 * `analyze(request) → Action[]`: what a shell command would really do. Pure once the grammar is loaded
 * (`initAnalyzer()`): no clock, no file system, no network. Never throws for any input: parse failures,
 * oversize input and an exhausted budget come back as actions with `effect: "unknown"`.
 */
import type { Action, CommandRequest } from './types.js';
import { unknownAction } from './shell/actions.js';
import { CommandLayer } from './shell/commands.js';
import { ShellWalker } from './shell/engine.js';
import { loadShellGrammar, shellParser } from './shell/grammar.js';
import { BudgetExceeded, DEFAULT_BUDGET, newScope, type Budget, type Frame } from './shell/scope.js';

export type { Action, CommandRequest, Effect, Env, Risk } from './types.js';

/** Load what the analyzer needs (the shell grammar). Call once before `analyze()`. */
export async function initAnalyzer(): Promise<void> {
  await loadShellGrammar();
}

/** Default working directory when a request does not say (an ordinary project checkout). */
export const DEFAULT_CWD = '/home/dev/project';

const EMPTY_FRAME = { via: [] as string[], hopEnv: 'unknown' as const };

/** Analyse one command line. Requires `initAnalyzer()` to have resolved. */
export function analyze(request: CommandRequest, budget: Budget = DEFAULT_BUDGET): Action[] {
  const parser = shellParser();
  if (!parser) throw new Error('analyze() called before initAnalyzer() resolved');
  const command = request.command;
  if (command.trim() === '') {
    return [unknownAction(EMPTY_FRAME, 'shell/empty', 'the command is empty')];
  }
  const actions: Action[] = [];
  if (command.includes('\0')) {
    actions.push(unknownAction(EMPTY_FRAME, 'shell/nul-byte', 'the command contains a NUL byte, which no shell passes through intact'));
  }
  if (command.includes('\uFFFD')) {
    actions.push(unknownAction(EMPTY_FRAME, 'shell/invalid-encoding', 'the command is not valid UTF-8'));
  }
  const cwd = request.cwd ?? DEFAULT_CWD;
  const run = { actions, nodes: 0, commands: 0, chars: 0, budget };
  const walker = new ShellWalker(parser, run);
  new CommandLayer(walker);
  const frame: Frame = {
    scope: newScope(cwd, request.env ?? {}),
    via: [],
    hopEnv: 'unknown',
    remote: false,
    depth: 0,
    cmdEnv: {},
  };
  try {
    walker.script(command.replace(/\0/g, ' '), frame);
  } catch (err) {
    if (err instanceof BudgetExceeded) {
      actions.push(unknownAction(EMPTY_FRAME, 'shell/too-complex', `too complex to analyse: ${err.message}`));
    } else if (err instanceof RangeError) {
      // Stack exhaustion on pathological nesting.
      actions.push(unknownAction(EMPTY_FRAME, 'shell/too-complex', 'too complex to analyse: nesting too deep'));
    } else {
      throw err;
    }
  }
  return actions;
}
