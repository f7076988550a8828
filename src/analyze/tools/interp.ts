/**
 * Tool model: interpreters with inline code (python -c, node -e, perl -e, ruby -e, php -r, awk, lua -e,
 * Rscript -e, osascript -e) and code read from stdin (`curl ... | python3 -`). What the code does is re-expressed
 * as shell and judged by the other models; SQL in executed strings is judged as SQL.
 */
import type { Action } from '../types.js';
import { defineTool, type Invocation, type ToolContext, type Word } from '../model.js';
import { scanCode, sqlInCode, type Lang } from './interp-code.js';
import { gateInCode } from '../self-gate.js';

interface InterpSpec {
  lang: Lang;
  /** Options whose value is the program text. */
  code: readonly string[];
  /** Options that take some other value. */
  value: readonly string[];
  /** Options after which the next word is a module/program to run (python -m). */
  module?: readonly string[];
}

const PY: InterpSpec = { lang: 'python', code: ['-c'], value: ['-W', '-X', '-Q'], module: ['-m'] };
const NODE: InterpSpec = { lang: 'node', code: ['-e', '--eval', '-p', '--print'], value: ['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '-C', '--conditions', '--input-type', '--max-old-space-size'] };
const SPECS: Readonly<Record<string, InterpSpec>> = {
  python: PY,
  python2: PY,
  python3: PY,
  pypy: PY,
  pypy3: PY,
  node: NODE,
  nodejs: NODE,
  'ts-node': NODE,
  tsx: NODE,
  perl: { lang: 'perl', code: ['-e', '-E'], value: ['-I', '-M', '-m', '-i', '-l', '-0', '-x'] },
  ruby: { lang: 'ruby', code: ['-e'], value: ['-I', '-r', '-E', '-C', '-F'] },
  irb: { lang: 'ruby', code: [], value: ['-I', '-r'] },
  php: { lang: 'php', code: ['-r', '-R', '-B', '-E'], value: ['-c', '-d', '-f', '-t', '-S', '-z'] },
  lua: { lang: 'lua', code: ['-e'], value: ['-l'] },
  luajit: { lang: 'lua', code: ['-e'], value: ['-l', '-j', '-O'] },
  Rscript: { lang: 'r', code: ['-e'], value: [] },
  osascript: { lang: 'osascript', code: ['-e'], value: ['-l', '-s'] },
  deno: { lang: 'node', code: [], value: ['--allow-read', '--allow-write', '--allow-run', '--allow-net', '--allow-env', '-A', '--config', '--import-map'] },
};

const AWK = new Set(['awk', 'gawk', 'mawk', 'nawk', 'busybox-awk']);

/** Split an interpreter's argv into inline code, a script file, a module, and the script's own args. */
function locate(spec: InterpSpec, args: readonly string[]): { code?: string; script?: string; module?: string; rest: string[]; stdin: boolean } {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (spec.code.includes(a)) return { code: args[i + 1] ?? '', rest: args.slice(i + 2), stdin: false };
    const inlineCode = spec.code.find((c) => c.length === 2 && a.startsWith(c) && a.length > 2 && !a.startsWith('--'));
    if (inlineCode && spec.lang !== 'node') return { code: a.slice(2), rest: args.slice(i + 1), stdin: false };
    if (spec.module?.includes(a)) return { module: args[i + 1] ?? '', rest: args.slice(i + 2), stdin: false };
    if (a === '-') return { rest: args.slice(i + 1), stdin: true };
    if (a === '--') return args[i + 1] ? { script: args[i + 1] ?? '', rest: args.slice(i + 2), stdin: false } : { rest: [], stdin: true };
    if (a.startsWith('-')) {
      if (spec.value.includes(a)) i++;
      // Bundled python flags like -Bc 'code' or perl -ne 'code'.
      else if (/^-[A-Za-z]+$/.test(a) && spec.code.some((c) => c.length === 2 && a.endsWith(c[1] ?? ''))) {
        return { code: args[i + 1] ?? '', rest: args.slice(i + 2), stdin: false };
      }
      continue;
    }
    return { script: a, rest: args.slice(i + 1), stdin: false };
  }
  return { rest: [], stdin: true };
}

/** awk's program is its first non-option argument (or -f FILE). */
function awkProgram(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-f' || a === '--file') return undefined;
    if (a === '-F' || a === '-v' || a === '--assign' || a === '--field-separator') {
      i++;
      continue;
    }
    if (a.startsWith('-') && a !== '-') continue;
    return a;
  }
  return undefined;
}

function judgeCode(lang: Lang, code: string, label: string, ctx: ToolContext): Action[] {
  // The gate's approval API and credentials, named in the code (urlopen, fetch, open ...).
  const own: Action[] = gateInCode(code, label.split(' ')[0] ?? label, ctx);
  for (const e of scanCode(lang, code)) {
    if ('argv' in e) ctx.argv(e.argv, label);
    else if ('script' in e) ctx.script(e.script, label);
    else own.push(ctx.action({ tool: label.split(' ')[0], verb: 'run code', effect: 'unknown', risk: 'high', rule: 'interp/dynamic-command', reasons: [e.unknown] }));
  }
  for (const sql of sqlInCode(code)) {
    // Judged by the database model as if sent through a client.
    ctx.argv([{ text: 'psql', dynamic: false }, { text: '-c', dynamic: false }, { text: sql, dynamic: false }], label);
  }
  return own;
}

export const interpModel = defineTool({
  family: 'interp',
  commands: [...Object.keys(SPECS), ...AWK],
  analyze(inv: Invocation, ctx: ToolContext): Action[] {
    const name = inv.name;
    if (AWK.has(name)) {
      const program = awkProgram(inv.args);
      const own = program ? judgeCode('awk', program, 'awk', ctx) : [];
      return [...own, ctx.action({ tool: 'awk', verb: 'run program', effect: 'exec', risk: 'none', rule: 'interp/awk' })];
    }
    const spec = SPECS[name];
    if (!spec) return [];
    const where = locate(spec, inv.args);
    const label = `${name} ${where.code !== undefined ? (spec.code[0] ?? '-c') : '-'}`;
    if (where.code !== undefined) {
      const own = judgeCode(spec.lang, where.code, label, ctx);
      return [...own, ctx.action({ tool: name, verb: 'run inline code', effect: 'exec', risk: 'none', rule: 'interp/inline' })];
    }
    if (where.script !== undefined) {
      const base = where.script.split('/').pop() ?? '';
      // Framework entry points with their own model (Django, Laravel): judge the sub-command there.
      if (base === 'manage.py' || base === 'artisan') {
        const words: Word[] = [{ text: base, dynamic: false }, ...where.rest.map((t) => ({ text: t, dynamic: false }))];
        ctx.argv(words, name);
        return [];
      }
      return [ctx.action({ tool: name, verb: 'run script', effect: 'exec', risk: 'none', rule: 'interp/script-file', targets: [where.script], reasons: [`runs ${where.script}; its contents are not analysed`] })];
    }
    if (where.module !== undefined) {
      return [ctx.action({ tool: name, verb: `-m ${where.module}`, effect: 'exec', risk: 'none', rule: 'interp/module' })];
    }
    const stdin = inv.stdin;
    if (!stdin) {
      return [ctx.action({ tool: name, verb: 'interactive', effect: 'exec', risk: 'none', rule: 'interp/interactive' })];
    }
    switch (stdin.kind) {
      case 'text': {
        const own = judgeCode(spec.lang, stdin.text, `| ${name}`, ctx);
        return [...own, ctx.action({ tool: name, verb: 'run code from stdin', effect: 'exec', risk: 'none', rule: 'interp/stdin' })];
      }
      case 'remote':
        return [ctx.action({ tool: name, verb: 'run downloaded code', effect: 'unknown', risk: 'high', rule: 'interp/remote-code', targets: [stdin.source], reasons: [`runs code downloaded from ${stdin.source}: its effect cannot be judged from the command`] })];
      case 'file':
      case 'dynamic':
        return [ctx.action({ tool: name, verb: 'run code from stdin', effect: 'unknown', risk: 'high', rule: 'interp/stdin-code', reasons: [`runs code it reads from ${stdin.kind === 'file' ? stdin.path : stdin.source}, which is not visible here`] })];
    }
  },
});
