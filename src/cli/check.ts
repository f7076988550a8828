/** `portcullis check`: judge one command, or a JSONL batch. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { analyzeReady, initAnalyzer } from '../analyze/index.js';
import { shellQuote } from '../analyze/shell/text.js';
import type { Decision } from '../policy/types.js';
import type { PolicyEvaluator } from './check-policy.js';
import { renderDecision } from './render.js';

const EXIT_BY_VERDICT = { allow: 0, ask: 10, deny: 20 } as const;


/** One argument is a command line; several are quoted back into one, as the user's shell had split them. */
export function commandFromWords(words: readonly string[]): string {
  return words.length === 1 ? (words[0] ?? '') : words.map(shellQuote).join(' ');
}

/** Judge one command with `evaluate`; never throws, never allows on an internal error. */
export async function judge(command: string, cwd: string | undefined, evaluate: PolicyEvaluator): Promise<Decision> {
  try {
    const actions = await analyzeReady({ command, ...(cwd !== undefined ? { cwd } : {}) });
    return evaluate(actions, { kind: 'shell', agent: 'cli', cwd: cwd ?? process.cwd(), command });
  } catch (err) {
    return {
      verdict: 'deny',
      risk: 'high',
      rule: 'internal/error',
      reasons: [`internal error while analysing: ${err instanceof Error ? err.message : String(err)}`],
      actions: [],
    };
  }
}

interface CheckOptions {
  json?: boolean;
  cwd?: string;
  policy?: string;
  batch?: string;
}

/** The evaluator for `check`: the --policy file, else the policy in force in the working directory. */
async function evaluatorFor(opts: CheckOptions): Promise<PolicyEvaluator | undefined> {
  const { mergedPolicyEvaluator, policyFileEvaluator } = await import('./check-policy.js');
  const cwd = opts.cwd ?? process.cwd();
  try {
    return opts.policy !== undefined ? policyFileEvaluator(opts.policy, { cwd: process.cwd() }) : mergedPolicyEvaluator(cwd);
  } catch (err) {
    process.stderr.write(`portcullis check: the policy does not load, nothing judged:\n${err instanceof Error ? err.message : String(err)}\n`);
    return undefined;
  }
}

export async function runCheck(words: readonly string[], opts: CheckOptions): Promise<number> {
  if (opts.batch === undefined && words.length === 0) {
    process.stderr.write('portcullis check: no command given (usage: portcullis check [--json] -- <command>)\n');
    return 2;
  }
  const evaluate = await evaluatorFor(opts);
  if (!evaluate) return 2;
  if (opts.batch !== undefined) {
    await initAnalyzer();
    return runBatch(opts.batch, evaluate);
  }
  const decision = await judge(commandFromWords(words), opts.cwd ?? process.cwd(), evaluate);
  if (opts.json) process.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
  else process.stdout.write(renderDecision(decision, process.stdout.isTTY && !process.env.NO_COLOR));
  return EXIT_BY_VERDICT[decision.verdict];
}

interface BatchLine {
  id: unknown;
  command: unknown;
  cwd?: unknown;
}

async function runBatch(file: string, evaluate: PolicyEvaluator): Promise<number> {
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let out = '';
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      let id: unknown = null;
      let decision: Pick<Decision, 'verdict' | 'risk' | 'rule' | 'reasons'>;
      try {
        const parsed = JSON.parse(line) as BatchLine;
        id = parsed.id ?? null;
        if (typeof parsed.command !== 'string') throw new Error('"command" must be a string');
        const cwd = typeof parsed.cwd === 'string' ? parsed.cwd : undefined;
        decision = await judge(parsed.command, cwd, evaluate);
      } catch (err) {
        decision = {
          verdict: 'deny',
          risk: 'high',
          rule: 'batch/bad-line',
          reasons: [`line ${n}: ${err instanceof Error ? err.message : String(err)}`],
        };
      }
      out += `${JSON.stringify({ id, decision: decision.verdict, risk: decision.risk, rule: decision.rule, reasons: decision.reasons })}\n`;
      if (out.length > 1 << 16) {
        process.stdout.write(out);
        out = '';
      }
    }
  } catch (err) {
    process.stdout.write(out);
    process.stderr.write(`portcullis check --batch: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  process.stdout.write(out);
  return 0;
}
