/**
 * `portcullis hook <agent>`: what an agent runs before each tool call. Reads the agent's hook payload on
 * stdin (bounded in size and time), judges it in-process and answers in that agent's own format and exit code.
 * Every failure — unreadable input, a judge that cannot load (a missing or broken policy), an internal error,
 * a spent time budget — is answered with that agent's deny: most agents let a call through when a hook
 * crashes or times out, so this command never does either on purpose.
 */
import type { Command } from 'commander';
import type { HookAdapter, HookOutput } from '../integrations/hooks/adapter.js';
import { AGENT_NAMES, adapterFor, agentInfo } from '../integrations/hooks/index.js';
import type { Judge } from '../integrations/hooks/run.js';

/** Loads the judge a hook decides with. */
export type JudgeFactory = () => Promise<Judge>;

/**
 * The gate daemon when it runs (approvals, scope, audit), else the policy in force where the agent works, loaded
 * lazily (the same judge `main.ts` uses). See `integrations/hooks/remote.ts` for when each applies.
 */
export const policyJudgeFactory: JudgeFactory = async () => {
  const [{ policyInForceJudge }, { gateOrLocalJudge }] = await Promise.all([
    import('../integrations/hooks/judge.js'),
    import('../integrations/hooks/remote.js'),
  ]);
  return gateOrLocalJudge(policyInForceJudge);
};

export interface HookCommandOptions {
  /** The judge to decide with (default: the policy in force). */
  judge?: JudgeFactory;
  /** Where the exit code goes (default: `process.exitCode`). */
  setExitCode?: (code: number) => void;
}

/** The process streams a hook run uses; tests pass their own. */
export interface HookIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; destroy?: () => void };
  stdout: { write: (s: string) => unknown };
  stderr: { write: (s: string) => unknown };
  cwd: string;
}

/** Read `stream` to its end, or until more than `max` bytes arrived (the caller then rejects it as oversize). */
function readBounded(stream: NodeJS.ReadableStream, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      stream.removeListener('data', onData);
      stream.removeListener('end', done);
      stream.removeListener('error', reject);
      resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buf);
      size += buf.length;
      if (size > max) done();
    };
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('error', reject);
  });
}

/** `p`, or `undefined` once `ms` have passed. */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(
      () => {
        resolve(undefined);
      },
      Math.max(0, ms),
    );
  });
  return Promise.race([p, late]).finally(() => {
    clearTimeout(timer);
  });
}

async function answer(
  adapter: HookAdapter,
  judgeFactory: JudgeFactory,
  io: HookIo,
): Promise<HookOutput> {
  const { runHook, MAX_PAYLOAD_BYTES } = await import('../integrations/hooks/run.js');
  const { errorLine, failClosedMessage } = await import('../integrations/hooks/messages.js');
  const deny = (why: string): HookOutput => adapter.failClosed(failClosedMessage(why));
  if (io.stdin.isTTY) {
    return deny(`no hook payload on stdin: ${adapter.agent} runs this command and pipes one in`);
  }
  const started = performance.now();
  const work = (async (): Promise<HookOutput> => {
    // Read the payload and load the judge at the same time.
    const judging = judgeFactory().then(
      (judge) => ({ judge }),
      (err: unknown) => ({ error: errorLine(err) }),
    );
    const raw = await readBounded(io.stdin, MAX_PAYLOAD_BYTES);
    const loaded = await judging;
    if ('error' in loaded) return deny(`the policy could not be loaded: ${loaded.error}`);
    const left = Math.floor(adapter.budgetMs - (performance.now() - started));
    return runHook(adapter, raw, loaded.judge, { cwd: io.cwd, budgetMs: left });
  })();
  try {
    const output = await within(work, adapter.budgetMs);
    return output ?? deny(`no decision within ${adapter.budgetMs} ms; retry shortly`);
  } catch (err) {
    return deny(`internal error: ${errorLine(err)}`);
  }
}

/**
 * Run the hook for `agentName` on `io`. Returns the exit code; the answer is already written. An unknown agent
 * is a usage error (exit 2, which every supported agent reads as "block").
 */
export async function runHookCommand(
  agentName: string,
  judgeFactory: JudgeFactory,
  io: HookIo,
): Promise<number> {
  const adapter = await adapterFor(agentName);
  if (!adapter) {
    io.stderr.write(
      `portcullis hook: unknown agent "${agentName}" (one of: ${AGENT_NAMES.join(', ')})\n`,
    );
    return 2;
  }
  let output: HookOutput;
  try {
    output = await answer(adapter, judgeFactory, io);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    output = adapter.failClosed(
      `Portcullis could not judge this action (internal error: ${why}), so it was denied.`,
    );
  }
  if (output.stdout !== '') io.stdout.write(output.stdout);
  if (output.stderr !== '') io.stderr.write(output.stderr);
  return output.exitCode;
}

function helpText(): string {
  const width = Math.max(...AGENT_NAMES.map((a) => a.length));
  const rows = AGENT_NAMES.map((name) => {
    const { title, hook } = agentInfo(name);
    return `  ${name.padEnd(width)}  ${title}: ${hook}`;
  });
  return `
Agents:
${rows.join('\n')}

The agent runs this command before each tool call with its hook JSON on stdin; Portcullis answers in
that agent's own format (allow, ask where the agent can ask its user, or deny with a reason the agent
reads). Anything it cannot judge is denied. Install it with:
  portcullis install <agent>

Try it by hand:
  echo '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"rm -rf /"}}' \\
    | portcullis hook claude-code`;
}

/**
 * Register `portcullis hook <agent>` on `program`. Wire it in `main.ts` with the exit-code setter main uses,
 * e.g. `registerHookCommand(program, { setExitCode: (c) => { code = c; } })`; pass `judge` to decide with the
 * policy evaluator instead of the built-in mapping.
 */
export function registerHookCommand(program: Command, options: HookCommandOptions = {}): Command {
  const judge = options.judge ?? policyJudgeFactory;
  const setExitCode =
    options.setExitCode ??
    ((code: number): void => {
      process.exitCode = code;
    });
  return program
    .command('hook')
    .description("answer an agent's pre-tool hook: reads its JSON on stdin, replies in its format")
    .argument('<agent>', AGENT_NAMES.join(' | '))
    .addHelpText('after', helpText)
    .action(async (agent: string) => {
      const io: HookIo = {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        cwd: process.cwd(),
      };
      const code = await runHookCommand(agent, judge, io);
      // Do not wait for an agent that keeps stdin open (or for the rest of an oversize payload).
      process.stdin.destroy();
      setExitCode(code);
    });
}
