/** `portcullis check`: judge one command, or a JSONL batch. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { analyzeReady, initAnalyzer } from '../analyze/index.js';
import { decideBuiltin } from '../policy/builtin.js';
import type { Decision } from '../policy/types.js';
import { renderDecision } from './render.js';

const EXIT_BY_VERDICT = { allow: 0, ask: 10, deny: 20 } as const;

function quote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** One argument is a command line; several are quoted back into one, as the user's shell had split them. */
export function commandFromWords(words: readonly string[]): string {
  return words.length === 1 ? (words[0] ?? '') : words.map(quote).join(' ');
}

/** Judge one command; never throws, never allows on an internal error. */
export async function judge(command: string, cwd: string | undefined): Promise<Decision> {
  try {
    return decideBuiltin(await analyzeReady({ command, ...(cwd !== undefined ? { cwd } : {}) }));
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

export async function runCheck(words: readonly string[], opts: CheckOptions): Promise<number> {
  if (opts.policy !== undefined) {
    process.stderr.write('portcullis check: --policy needs the policy engine, which is not built yet\n');
    return 2;
  }
  if (opts.batch !== undefined) {
    await initAnalyzer();
    return runBatch(opts.batch);
  }
  if (words.length === 0) {
    process.stderr.write('portcullis check: no command given (usage: portcullis check [--json] -- <command>)\n');
    return 2;
  }
  const decision = await judge(commandFromWords(words), opts.cwd ?? process.cwd());
  if (opts.json) process.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
  else process.stdout.write(renderDecision(decision, process.stdout.isTTY && !process.env.NO_COLOR));
  return EXIT_BY_VERDICT[decision.verdict];
}

interface BatchLine {
  id: unknown;
  command: unknown;
  cwd?: unknown;
}

async function runBatch(file: string): Promise<number> {
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
        decision = await judge(parsed.command, cwd);
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
