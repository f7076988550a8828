/**
 * The shell engine: walks a tree-sitter-bash syntax tree the way bash would run it and hands every simple
 * command, once unwrapped, to `dispatch`. It tracks what bash tracks (variables, aliases, functions, cwd,
 * pipes, redirections, heredocs) so indirection does not hide a payload, and it spends a budget so a hostile
 * input cannot stall the caller.
 */
import type { Node, Parser } from 'web-tree-sitter';
import type { Action } from '../types.js';
import type { Producer, Redirect, Word } from '../model.js';
import { guardTargets } from '../self.js';
import { unknownAction } from './actions.js';
import { isStartupFile, weakenedBy } from './env-risk.js';
import { decodeAnsiC, expandBraces, unescapeDouble, unescapeUnquoted } from './text.js';
import {
  BudgetExceeded,
  copyScope,
  type Budget,
  type Frame,
  type Run,
} from './scope.js';

/** Longest script text analysed; longer input is refused as too large (an agent's command is never this big). */
export const MAX_SOURCE_CHARS = 256 * 1024;

export type Dispatch = (
  words: Word[],
  frame: Frame,
  stdin: Producer | undefined,
  redirects: Redirect[],
) => Producer | undefined;

const DYNAMIC_OUT: Producer = { kind: 'dynamic', source: 'command output' };

function joinOutputs(a: Producer | undefined, b: Producer | undefined): Producer | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.kind === 'text' && b.kind === 'text') return { kind: 'text', text: a.text + b.text };
  if (a.kind === 'remote') return a;
  if (b.kind === 'remote') return b;
  // Keep what is known of the output: a consumer (crontab -, a shell) may still judge those parts.
  const partial = knownText(a) + knownText(b);
  return partial ? { kind: 'dynamic', source: 'command output', partial } : DYNAMIC_OUT;
}

function knownText(p: Producer): string {
  if (p.kind === 'text') return p.text;
  if (p.kind === 'dynamic') return p.partial ?? '';
  return '';
}

const OUTPUT_OPS = new Set(['>', '>>', '&>', '&>>', '>|', '<>']);

/** Thrown when a script needs parsing before the grammar is loaded (see `analyze()`'s fast path). */
export class GrammarRequired extends Error {
  constructor() {
    super('the shell grammar is not loaded: call initAnalyzer() first');
  }
}

/** Per-request walker. `dispatch` (the command layer) is injected so this file knows only shell syntax. */
export class ShellWalker {
  dispatch: Dispatch = () => undefined;
  /** Judges output redirections of statements that are not simple commands (`{ ...; } > file`). */
  redirectHook: (redirects: readonly Redirect[], frame: Frame) => void = () => undefined;

  constructor(
    private readonly parser: Parser | undefined,
    readonly run: Run,
  ) {}

  get budget(): Budget {
    return this.run.budget;
  }

  /** Record an action, plus a `self/*` action when it writes to the gate's or an agent's own config. */
  emit(action: Action): void {
    this.run.actions.push(action);
    const guard = guardTargets(action);
    if (guard) this.run.actions.push(guard);
  }

  /** Parse and walk a script; returns what it writes to stdout when that is known. */
  script(source: string, frame: Frame, stdin?: Producer): Producer | undefined {
    if (frame.depth > this.budget.depth) {
      throw new BudgetExceeded(`nested more than ${this.budget.depth} levels deep`);
    }
    if (source.length > MAX_SOURCE_CHARS) {
      this.emit(
        unknownAction(frame, 'shell/too-large', `the command is over ${MAX_SOURCE_CHARS / 1024} KiB`),
      );
      return DYNAMIC_OUT;
    }
    if (!this.parser) throw new GrammarRequired();
    this.run.chars += source.length;
    if (this.run.chars > this.budget.chars) {
      throw new BudgetExceeded(`more than ${this.budget.chars} characters of nested scripts`);
    }
    const tree = this.parser.parse(source);
    if (!tree) {
      this.emit(unknownAction(frame, 'shell/parse-error', 'the shell parser gave up on this input'));
      return DYNAMIC_OUT;
    }
    try {
      const root = tree.rootNode;
      if (root.hasError) {
        this.emit(
          unknownAction(
            frame,
            'shell/parse-error',
            'the command is not valid shell (an unterminated quote, heredoc or bracket?)',
          ),
        );
      }
      return this.walk(root, frame, stdin);
    } finally {
      tree.delete();
    }
  }

  private tick(): void {
    if (++this.run.nodes > this.budget.nodes) {
      throw new BudgetExceeded(`more than ${this.budget.nodes} syntax nodes`);
    }
  }

  /** Walk one statement-level node. */
  walk(node: Node, frame: Frame, stdin?: Producer): Producer | undefined {
    this.tick();
    switch (node.type) {
      case 'program':
      case 'compound_statement':
      case 'do_group':
      case 'list':
      case 'else_clause':
      case 'elif_clause':
      case 'case_item': {
        let out: Producer | undefined;
        for (const child of node.namedChildren) {
          if (child) out = joinOutputs(out, this.walk(child, frame, stdin));
        }
        return out;
      }
      case 'subshell': {
        const inner: Frame = { ...frame, scope: copyScope(frame.scope) };
        let out: Producer | undefined;
        for (const child of node.namedChildren) {
          if (child) out = joinOutputs(out, this.walk(child, inner, stdin));
        }
        return out;
      }
      case 'pipeline': {
        let prev = stdin;
        for (const child of node.namedChildren) {
          if (child) prev = this.walk(child, frame, prev) ?? DYNAMIC_OUT;
        }
        return prev;
      }
      case 'redirected_statement':
        return this.redirected(node, frame, stdin);
      case 'command':
        return this.command(node, frame, stdin, []);
      case 'variable_assignment':
        this.assign(node, frame, false);
        return undefined;
      case 'variable_assignments':
        for (const child of node.namedChildren) if (child) this.assign(child, frame, false);
        return undefined;
      case 'declaration_command':
        this.declaration(node, frame);
        return undefined;
      case 'unset_command':
        for (const child of node.namedChildren) {
          if (child) {
            const name = this.word(child, frame).text;
            frame.scope.vars.delete(name);
            frame.scope.functions.delete(name);
          }
        }
        return undefined;
      case 'function_definition': {
        const name = node.childForFieldName('name');
        const body = node.childForFieldName('body');
        if (name && body) frame.scope.functions.set(name.text, body);
        return undefined;
      }
      case 'for_statement':
        return this.forLoop(node, frame, stdin);
      case 'comment':
        return undefined;
      case 'word':
      case 'string':
      case 'raw_string':
      case 'concatenation':
      case 'simple_expansion':
      case 'expansion':
      case 'command_substitution':
      case 'process_substitution':
      case 'ansi_c_string':
      case 'translated_string':
      case 'arithmetic_expansion':
      case 'number':
        this.word(node, frame);
        return undefined;
      default: {
        // if/while/until/case/test/arithmetic/ERROR...: every part may run (conditions included).
        let out: Producer | undefined;
        for (const child of node.namedChildren) {
          if (child) out = joinOutputs(out, this.walk(child, frame, stdin));
        }
        return out;
      }
    }
  }

  private forLoop(node: Node, frame: Frame, stdin?: Producer): Producer | undefined {
    const variable = node.childForFieldName('variable');
    const body = node.childForFieldName('body');
    const valueNodes = node.childrenForFieldName('value').filter((n): n is Node => n !== null);
    const values = valueNodes.flatMap((v) => this.args(v, frame));
    if (!variable || !body) {
      return this.walkChildren(node, frame, stdin);
    }
    const name = variable.text;
    const known = valueNodes.length > 0 && values.every((v) => !v.dynamic) && values.length <= 16;
    if (!known) {
      frame.scope.vars.delete(name);
      frame.scope.dynamicVars.set(name, `$${name}`);
      return this.walk(body, frame, stdin);
    }
    let out: Producer | undefined;
    for (const v of values) {
      frame.scope.dynamicVars.delete(name);
      frame.scope.vars.set(name, v.text);
      out = joinOutputs(out, this.walk(body, frame, stdin));
    }
    return out;
  }

  private walkChildren(node: Node, frame: Frame, stdin?: Producer): Producer | undefined {
    let out: Producer | undefined;
    for (const child of node.namedChildren) {
      if (child) out = joinOutputs(out, this.walk(child, frame, stdin));
    }
    return out;
  }

  private assign(node: Node, frame: Frame, exported: boolean): void {
    if (node.type !== 'variable_assignment') {
      this.walk(node, frame);
      return;
    }
    const nameNode = node.childForFieldName('name');
    const valueNode = node.childForFieldName('value');
    if (!nameNode) return;
    const name = nameNode.text;
    const value = valueNode ? this.word(valueNode, frame) : { text: '', dynamic: false };
    if (value.dynamic) {
      frame.scope.vars.delete(name);
      // Keep what it was set from (`T=$(mktemp -d)`): a model can still tell scratch from anything.
      frame.scope.dynamicVars.set(name, value.text);
    } else {
      frame.scope.dynamicVars.delete(name);
      frame.scope.vars.set(name, value.text);
    }
    if (exported || frame.scope.exported.has(name)) {
      frame.scope.exported.set(name, value.text);
      const weakened = weakenedBy(name, value.text);
      if (weakened) {
        this.emit({
          tool: 'export',
          verb: `export ${name}`,
          effect: 'write',
          risk: 'high',
          targets: [name],
          env: frame.hopEnv,
          reversible: true,
          reasons: [`turns off ${weakened} for every later command of this session`],
          rule: 'secrets/tls-verify-off',
          via: [...frame.via],
        });
      }
    }
  }

  private declaration(node: Node, frame: Frame): void {
    const keyword = node.child(0)?.text ?? '';
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'variable_assignment') this.assign(child, frame, keyword === 'export');
      else if (keyword === 'export' && child.type === 'variable_name') {
        const v = frame.scope.vars.get(child.text);
        if (v !== undefined) frame.scope.exported.set(child.text, v);
      } else this.word(child, frame);
    }
  }

  /** Parse redirect nodes; returns stdin override, redirects, and trailing nodes that belong after the command. */
  private redirects(
    nodes: readonly Node[],
    frame: Frame,
    stdin: Producer | undefined,
  ): {
    stdin: Producer | undefined;
    redirects: Redirect[];
    extraArgs: Word[];
    pipeTo: Node[];
    after: Node[];
  } {
    const redirects: Redirect[] = [];
    const extraArgs: Word[] = [];
    const pipeTo: Node[] = [];
    const after: Node[] = [];
    let input = stdin;
    for (const r of nodes) {
      this.tick();
      if (r.type === 'herestring_redirect') {
        const target = r.namedChildren.find((c) => c !== null);
        input = target ? this.textOf(this.word(target, frame)) : input;
        continue;
      }
      if (r.type === 'heredoc_redirect') {
        let quoted = false;
        for (const c of r.namedChildren) {
          if (!c) continue;
          if (c.type === 'heredoc_start') quoted = /['"\\]/.test(c.text);
          else if (c.type === 'heredoc_body') {
            input = { kind: 'text', text: this.heredocText(c, frame, quoted) };
          } else if (c.type === 'pipeline') {
            for (const p of c.namedChildren) if (p) pipeTo.push(p);
          } else if (c.type === 'file_redirect') {
            const parsed = this.redirects([c], frame, input);
            redirects.push(...parsed.redirects);
            extraArgs.push(...parsed.extraArgs);
          } else if (c.type !== 'heredoc_end') {
            after.push(c);
          }
        }
        continue;
      }
      if (r.type !== 'file_redirect') {
        after.push(r);
        continue;
      }
      let op = '';
      let fd: number | undefined;
      const dests: Node[] = [];
      for (let i = 0; i < r.childCount; i++) {
        const c = r.child(i);
        if (!c) continue;
        if (!c.isNamed) op = op || c.text;
        else if (c.type === 'file_descriptor') fd = Number(c.text);
        else dests.push(c);
      }
      const [first, ...more] = dests;
      // tree-sitter-bash attaches words after a redirection (`cmd 2>&1 -rf /`) to it: they are arguments.
      for (const m of more) extraArgs.push(...this.args(m, frame));
      if (!first) continue;
      if (first.type === 'process_substitution') {
        const inner = this.substitution(first, frame, op.startsWith('>') ? DYNAMIC_OUT : undefined);
        if (op === '<') input = inner ?? DYNAMIC_OUT;
        continue;
      }
      const target = this.word(first, frame);
      if (op === '<') {
        const known = frame.scope.files.get(target.text);
        input =
          known !== undefined ? { kind: 'text', text: known } : { kind: 'file', path: target.text };
        continue;
      }
      redirects.push({ op, fd, target: target.text, dynamic: target.dynamic });
    }
    return { stdin: input, redirects, extraArgs, pipeTo, after };
  }

  private heredocText(body: Node, frame: Frame, quoted: boolean): string {
    if (quoted) return body.text;
    // Unquoted heredocs expand variables and command substitutions.
    let out = '';
    let cursor = body.startIndex;
    for (const c of body.namedChildren) {
      if (!c || c.type === 'heredoc_content') continue;
      out += body.text.slice(cursor - body.startIndex, c.startIndex - body.startIndex);
      out += this.word(c, frame).text;
      cursor = c.endIndex;
    }
    return out + body.text.slice(cursor - body.startIndex);
  }

  private redirected(node: Node, frame: Frame, stdin?: Producer): Producer | undefined {
    const body = node.childForFieldName('body') ?? undefined;
    const redirectNodes = node.namedChildren.filter(
      (c): c is Node => c !== null && c.id !== body?.id,
    );
    // A bare redirection (`> file`) is a statement with no command: it still writes.
    let out: Producer | undefined;
    let redirects: Redirect[];
    let pipeTo: Node[];
    let after: Node[];
    if (body?.type === 'command') {
      const parsed = this.redirectsOfCommand(body, redirectNodes, frame, stdin);
      out = parsed.out;
      redirects = parsed.redirects;
      pipeTo = parsed.pipeTo;
      after = parsed.after;
    } else {
      const parsed = this.redirects(redirectNodes, frame, stdin);
      this.redirectHook(parsed.redirects, frame);
      out = body ? this.walk(body, frame, parsed.stdin) : undefined;
      redirects = parsed.redirects;
      pipeTo = parsed.pipeTo;
      after = parsed.after;
      out = this.applyOutputRedirects(redirects, frame, out);
    }
    for (const p of pipeTo) out = this.walk(p, frame, out ?? DYNAMIC_OUT);
    for (const a of after) out = joinOutputs(out, this.walk(a, frame));
    return out;
  }

  private redirectsOfCommand(
    command: Node,
    outer: readonly Node[],
    frame: Frame,
    stdin: Producer | undefined,
  ): { out: Producer | undefined; redirects: Redirect[]; pipeTo: Node[]; after: Node[] } {
    const parsed = this.redirects(outer, frame, stdin);
    const out = this.command(command, frame, parsed.stdin, parsed.redirects, parsed.extraArgs);
    return { out, redirects: parsed.redirects, pipeTo: parsed.pipeTo, after: parsed.after };
  }

  /** Record files written with known text; output sent to a file is no longer on stdout. */
  private applyOutputRedirects(
    redirects: readonly Redirect[],
    frame: Frame,
    out: Producer | undefined,
  ): Producer | undefined {
    let result = out;
    for (const r of redirects) {
      if (!OUTPUT_OPS.has(r.op) || (r.fd !== undefined && r.fd !== 1)) continue;
      if (r.dynamic) continue;
      const written = out?.kind === 'text' ? out.text : out?.kind === 'dynamic' ? out.partial : undefined;
      if (written && isStartupFile(r.target)) {
        // Text written into a shell start-up file runs in every future shell: judge it as code.
        this.script(written, { ...frame, via: [...frame.via, `${r.op} ${r.target}`], depth: frame.depth + 1 });
      }
      if (out?.kind === 'text') {
        const prev = r.op.endsWith('>>') ? (frame.scope.files.get(r.target) ?? '') : '';
        frame.scope.files.set(r.target, prev + out.text);
      } else {
        frame.scope.files.delete(r.target);
      }
      result = undefined;
    }
    return result;
  }

  /** A simple command: prefix assignments, name, arguments, redirections. */
  command(
    node: Node,
    frame: Frame,
    stdin: Producer | undefined,
    outerRedirects: Redirect[],
    extraArgs: Word[] = [],
  ): Producer | undefined {
    if (++this.run.commands > this.budget.commands) {
      throw new BudgetExceeded(`more than ${this.budget.commands} commands`);
    }
    const assigns: Record<string, string> = {};
    const words: Word[] = [];
    const redirectNodes: Node[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'variable_assignment': {
          const name = child.childForFieldName('name')?.text;
          const value = child.childForFieldName('value');
          if (name) assigns[name] = value ? this.word(value, frame).text : '';
          break;
        }
        case 'command_name':
          for (const n of child.namedChildren) if (n) words.push(...this.args(n, frame));
          break;
        case 'file_redirect':
        case 'herestring_redirect':
        case 'heredoc_redirect':
          redirectNodes.push(child);
          break;
        default:
          words.push(...this.args(child, frame));
      }
    }
    let input = stdin;
    let redirects = outerRedirects;
    let pipeTo: Node[] = [];
    let after: Node[] = [];
    if (redirectNodes.length > 0) {
      const parsed = this.redirects(redirectNodes, frame, stdin);
      input = parsed.stdin;
      redirects = [...outerRedirects, ...parsed.redirects];
      words.push(...parsed.extraArgs);
      pipeTo = parsed.pipeTo;
      after = parsed.after;
    }
    words.push(...extraArgs);
    const cmdFrame: Frame =
      Object.keys(assigns).length > 0 ? { ...frame, cmdEnv: { ...frame.cmdEnv, ...assigns } } : frame;
    let out = this.dispatch(words, cmdFrame, input, redirects);
    out = this.applyOutputRedirects(redirects, frame, out);
    for (const p of pipeTo) out = this.walk(p, frame, out ?? DYNAMIC_OUT);
    for (const a of after) out = joinOutputs(out, this.walk(a, frame));
    return out;
  }

  private textOf(w: Word): Producer {
    return w.dynamic ? { kind: 'dynamic', source: w.text } : { kind: 'text', text: `${w.text}\n` };
  }

  /** Run a command or process substitution's inner commands; returns their output. */
  private substitution(node: Node, frame: Frame, stdin?: Producer): Producer | undefined {
    const inner: Frame = { ...frame, scope: copyScope(frame.scope) };
    let out: Producer | undefined;
    for (const child of node.namedChildren) {
      if (child) out = joinOutputs(out, this.walk(child, inner, stdin));
    }
    return out;
  }

  private variable(name: string, frame: Frame): Word {
    const cmdValue = frame.cmdEnv[name];
    if (cmdValue !== undefined) return { text: cmdValue, dynamic: false };
    const v = frame.scope.vars.get(name);
    if (v !== undefined && !frame.scope.dynamicVars.has(name)) return { text: v, dynamic: false };
    const from = frame.scope.dynamicVars.get(name);
    if (from !== undefined && from.startsWith('$(')) return { text: from, dynamic: true };
    if (name === 'HOME') return { text: '~', dynamic: false };
    if (name === 'PWD') return { text: frame.scope.cwd, dynamic: false };
    return { text: `$${name}`, dynamic: true };
  }

  /**
   * One argument node as the words the program receives. Unquoted expansions are split on whitespace, as bash
   * does (`X="rm -rf"; $X /` runs rm with two arguments).
   */
  args(node: Node, frame: Frame): Word[] {
    const w = this.word(node, frame);
    if (
      (node.type === 'concatenation' || node.type === 'word') &&
      w.text.includes(',') &&
      w.text.includes('{') &&
      !node.namedChildren.some((c) => c?.type === 'string' || c?.type === 'raw_string')
    ) {
      return expandBraces(w.text).map((text) => ({ text, dynamic: w.dynamic }));
    }
    const splits =
      (node.type === 'simple_expansion' ||
        node.type === 'expansion' ||
        node.type === 'command_substitution') &&
      !w.dynamic;
    if (!splits) return [w];
    const parts = w.text.split(/[ \t\n]+/).filter((p) => p.length > 0);
    return parts.map((text) => ({ text, dynamic: false }));
  }

  /** The value of one word-like node. */
  word(node: Node, frame: Frame): Word {
    this.tick();
    switch (node.type) {
      case 'word':
      case 'number':
      case 'variable_name':
      case 'file_descriptor':
        return { text: unescapeUnquoted(node.text), dynamic: false };
      case 'raw_string':
        return { text: node.text.slice(1, -1), dynamic: false };
      case 'ansi_c_string':
        return { text: decodeAnsiC(node.text), dynamic: false };
      case 'string':
      case 'translated_string':
        return this.quoted(node, frame);
      case 'concatenation': {
        let text = '';
        let dynamic = false;
        for (const c of node.namedChildren) {
          if (!c) continue;
          const w = this.word(c, frame);
          text += w.text;
          dynamic ||= w.dynamic;
        }
        // Gaps between children (rare) are literal text.
        return { text: text || node.text, dynamic };
      }
      case 'simple_expansion': {
        const name = node.namedChild(0)?.text ?? '';
        return this.variable(name, frame);
      }
      case 'expansion':
        return this.expansion(node, frame);
      case 'command_substitution': {
        const out = this.substitution(node, frame);
        if (out?.kind === 'text') return { text: out.text.replace(/\n+$/, ''), dynamic: false };
        return { text: node.text, dynamic: true };
      }
      case 'process_substitution':
        this.substitution(node, frame);
        return { text: '/dev/fd/63', dynamic: true };
      case 'arithmetic_expansion':
        this.walkChildren(node, frame);
        return { text: node.text, dynamic: true };
      case 'brace_expression':
        return { text: node.text, dynamic: false };
      default:
        this.walkChildren(node, frame);
        return { text: node.text, dynamic: /[$`]/.test(node.text) };
    }
  }

  private quoted(node: Node, frame: Frame): Word {
    const src = node.text;
    const base = node.startIndex;
    const open = src.startsWith('$"') ? 2 : 1;
    let cursor = base + open;
    const end = node.endIndex - 1;
    let text = '';
    let dynamic = false;
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'string_content') continue;
      text += unescapeDouble(src.slice(cursor - base, c.startIndex - base));
      const w = this.word(c, frame);
      text += w.text;
      dynamic ||= w.dynamic;
      cursor = c.endIndex;
    }
    text += unescapeDouble(src.slice(cursor - base, end - base));
    return { text, dynamic };
  }

  private expansion(node: Node, frame: Frame): Word {
    const children = node.children.filter((c): c is Node => c !== null);
    const nameNode = children.find(
      (c) => c.type === 'variable_name' || c.type === 'special_variable_name',
    );
    if (!nameNode) return { text: node.text, dynamic: true };
    const ops = children.filter((c) => !c.isNamed && c.text !== '${' && c.text !== '}');
    const value = this.variable(nameNode.text, frame);
    if (ops.length === 0) return value;
    const op = ops[0]?.text ?? '';
    if (op === '#' && ops[0] && ops[0].startIndex < nameNode.startIndex) {
      return { text: node.text, dynamic: true }; // ${#x}: a length
    }
    const operand = children.find((c) => c.isNamed && c.id !== nameNode.id);
    if (op === ':-' || op === '-' || op === ':=' || op === '=') {
      if (!value.dynamic) return value;
      // Unknown variable: it may be unset, so the default may be what runs. Keep it, flagged dynamic.
      const fallback = operand ? this.word(operand, frame) : { text: '', dynamic: false };
      return { text: fallback.text, dynamic: true };
    }
    if (operand) this.word(operand, frame);
    return { text: node.text, dynamic: true };
  }
}
