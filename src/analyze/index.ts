/**
 * `analyze(request) → Action[]`: what a shell command would really do. Pure: no clock, no file system, no
 * network. Never throws for any input: parse failures, oversize input and an exhausted budget come back as
 * actions with `effect: "unknown"`. The one exception is a command that needs the shell grammar before
 * `initAnalyzer()` has loaded it (`GrammarRequired`); `analyzeReady()` handles that for callers that can wait.
 */
import type { Action, CommandRequest } from './types.js';
import { unknownAction } from './shell/actions.js';
import { CommandLayer } from './shell/commands.js';
import { GrammarRequired, ShellWalker } from './shell/engine.js';
import { loadShellGrammar, shellParser } from './shell/grammar.js';
import { BudgetExceeded, DEFAULT_BUDGET, newScope, type Budget, type Frame } from './shell/scope.js';
import { plainWords } from './shell/simple.js';

export type { Action, CommandRequest, Effect, Env, Risk } from './types.js';
export { GrammarRequired };

/** Load what the analyzer needs (the shell grammar). Call once before `analyze()`. */
export async function initAnalyzer(): Promise<void> {
  await loadShellGrammar();
}

/** Default working directory when a request does not say (an ordinary project checkout). */
export const DEFAULT_CWD = '/home/dev/project';

const EMPTY_FRAME = { via: [] as string[], hopEnv: 'unknown' as const };

/**
 * Analyse one command line. A plain simple command (`git status`) needs no grammar; anything else requires
 * `initAnalyzer()` to have resolved, or throws `GrammarRequired`.
 */
export function analyze(request: CommandRequest, budget: Budget = DEFAULT_BUDGET): Action[] {
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
  const walker = new ShellWalker(shellParser(), run);
  const layer = new CommandLayer(walker);
  const frame: Frame = {
    scope: newScope(cwd, request.env ?? {}),
    via: [],
    hopEnv: 'unknown',
    remote: false,
    depth: 0,
    cmdEnv: {},
  };
  try {
    const words = actions.length === 0 ? plainWords(command) : undefined;
    if (words) {
      run.commands++;
      layer.dispatch(words.map((text) => ({ text, dynamic: false })), frame, undefined, []);
    } else {
      walker.script(command.replace(/\0/g, ' '), frame);
    }
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

/**
 * Run an analysis, loading the shell grammar first when it turns out to need it (`GrammarRequired`). A plain
 * simple command never loads the grammar, which keeps a hook or `check` process fast.
 */
export async function withGrammar<T>(run: () => T): Promise<T> {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof GrammarRequired)) throw err;
    await initAnalyzer();
    return run();
  }
}

/** `analyze()`, loading the grammar first when the command needs it. */
export function analyzeReady(request: CommandRequest, budget: Budget = DEFAULT_BUDGET): Promise<Action[]> {
  return withGrammar(() => analyze(request, budget));
}
