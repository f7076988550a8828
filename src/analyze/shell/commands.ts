/**
 * The command layer: given one simple command's words, decide what really runs. Shell built-ins (eval,
 * source, alias, cd), nested shells, wrappers, launchers, remote hops and code fed on stdin are unwrapped
 * here; what remains goes to its tool model.
 */
import type { Action, Env } from '../types.js';
import type { ActionInit, HopOptions, Invocation, Producer, Redirect, ToolContext, Word } from '../model.js';
import { envFromNames, envFromVariables, worseEnv } from '../env.js';
import { envFromPath, resolvePath } from '../paths.js';
import { gateSecretReads } from '../self-gate.js';
import { modelFor } from '../tools/index.js';
import { redirectActions } from '../tools/fs-redirect.js';
import { unknownAction } from './actions.js';
import { weakenedBy } from './env-risk.js';
import type { ShellWalker } from './engine.js';
import { expandFind, expandParallel, expandXargs, findOutput, parallelScripts } from './expand.js';
import { unwrapLauncher } from './launchers.js';
import { BudgetExceeded, copyScope, type Frame } from './scope.js';
import { staticOutput } from './static-output.js';
import { shellQuote } from './text.js';
import { unwrapFlock, unwrapSimple, unwrapTerminal, unwrapWatch, type Unwrapped } from './unwrap.js';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'rbash', 'yash', 'tcsh', 'csh']);
const INERT = new Set(['true', 'false', ':', 'exit', 'return', 'wait', 'shift', 'set', 'shopt', 'trap', 'hash', 'type', 'which', 'help', 'history', 'jobs', 'disown', 'umask', 'read', 'readonly', 'local', 'declare', 'typeset', 'export', 'unalias', 'popd', 'dirs', 'let', 'test', '[', 'echo', 'printf', 'base64', 'base32', 'xxd', 'rev', 'tee', 'cat', 'cd', 'ls', 'pwd', 'head', 'tail', 'grep', 'rg', 'wc', 'sort', 'uniq', 'jq', 'yq', 'less', 'more', 'sleep', 'date', 'whoami', 'id', 'env', 'printenv', 'uname', 'hostname', 'mkdir', 'touch', 'diff', 'file', 'stat', 'du', 'df', 'awk', 'sed', 'cut', 'tr']);

/** Normalise a program name: `/usr/bin/rm` → `rm`, `\rm` → `rm`, `python3.12` → `python3`. */
export function normalizeName(text: string): string {
  let name = text.replace(/^\\+/, '');
  const slash = name.lastIndexOf('/');
  if (slash >= 0 && slash < name.length - 1) name = name.slice(slash + 1);
  name = name.replace(/\.exe$/i, '');
  const versioned = /^(python|pip|ruby|perl|php|pypy|node)(\d+)(?:\.\d+)+$/.exec(name);
  if (versioned) name = `${versioned[1] ?? ''}${versioned[2] ?? ''}`;
  return name;
}

/** Parse a shell's own options: `-c SCRIPT`, `-n`, `-s`, script file. */
function shellInvocation(args: readonly Word[]): {
  script?: Word;
  file?: Word;
  noexec: boolean;
  stdin: boolean;
} {
  let command = false;
  let noexec = false;
  let stdin = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const a = w?.text ?? '';
    if (!w) break;
    if (a === '--') {
      const next = args[i + 1];
      return command && next ? { script: next, noexec, stdin } : next ? { file: next, noexec, stdin } : { noexec, stdin: true };
    }
    if (a === '-o' || a === '+o' || a === '--rcfile' || a === '--init-file' || a === '-O' || a === '+O') {
      i++;
      continue;
    }
    if (a.startsWith('--')) {
      if (a === '--command') command = true;
      continue;
    }
    if ((a.startsWith('-') || a.startsWith('+')) && a.length > 1) {
      if (a.includes('c')) command = true;
      if (a.includes('n') && a.startsWith('-')) noexec = true;
      if (a.includes('s')) stdin = true;
      continue;
    }
    if (command) return { script: w, noexec, stdin };
    return { file: w, noexec, stdin };
  }
  return { noexec, stdin: true };
}

/** The command layer bound to one walker. */
export class CommandLayer {
  private activeFunctions = new Set<string>();
  private aliasDepth = 0;

  constructor(private readonly walker: ShellWalker) {
    walker.dispatch = (words, frame, stdin, redirects) => this.dispatch(words, frame, stdin, redirects);
    walker.redirectHook = (redirects, frame) => {
      for (const a of redirectActions(redirects, this.context(frame))) this.emit(a);
    };
  }

  private emit(a: Action): void {
    this.walker.emit(a);
  }

  private env(frame: Frame): Record<string, string> {
    return { ...Object.fromEntries(frame.scope.exported), ...frame.cmdEnv };
  }

  /** Context a tool model sees; `stdin` is the invocation's own. */
  context(frame: Frame, stdin?: Producer): ToolContext {
    const env = this.env(frame);
    const cwd = frame.scope.cwd;
    // What the hop, the variables and the working directory say: the same for every action of this command.
    let base: Env | undefined;
    const baseEnv = (): Env =>
      (base ??= worseEnv(
        worseEnv(frame.hopEnv, envFromVariables(env)),
        frame.remote ? 'unknown' : envFromPath(cwd),
      ));
    const envOf = (...hints: ReadonlyArray<string | undefined>): Env =>
      worseEnv(envFromNames(...hints), baseEnv());
    return {
      cwd,
      env,
      via: frame.via,
      hopEnv: frame.hopEnv,
      envOf,
      fileText: (path: string) => frame.scope.files.get(path) ?? frame.scope.files.get(resolvePath(path, cwd)),
      action: (init: ActionInit): Action => ({
        tool: init.tool ?? 'shell',
        verb: init.verb,
        effect: init.effect,
        risk: init.risk,
        targets: [...(init.targets ?? [])],
        env: init.env ?? envOf(...(init.targets ?? [])),
        reversible: init.reversible ?? (init.risk === 'none' || init.risk === 'low'),
        reasons: [...(init.reasons ?? [])],
        rule: init.rule,
        via: [...frame.via],
      }),
      script: (source: string, hop: string, opts?: HopOptions): Action[] => {
        const before = this.walker.run.actions.length;
        this.walker.script(source, this.hop(frame, hop, opts), opts?.stdin);
        return this.walker.run.actions.slice(before);
      },
      argv: (words: readonly Word[], hop: string, opts?: HopOptions): Action[] => {
        const before = this.walker.run.actions.length;
        this.dispatch([...words], this.hop(frame, hop, opts), opts?.stdin ?? stdin, []);
        return this.walker.run.actions.slice(before);
      },
    };
  }

  /** A frame one hop further: a new via entry, maybe another machine. */
  hop(frame: Frame, label: string, opts: HopOptions = {}): Frame {
    const remote = frame.remote || (opts.remote ?? false);
    const scope = copyScope(frame.scope);
    if (opts.remote) {
      scope.cwd = opts.cwd ?? '~';
      scope.vars = new Map();
      scope.exported = new Map();
      scope.aliases = new Map();
      scope.functions = new Map();
    } else if (opts.cwd) scope.cwd = resolvePath(opts.cwd, frame.scope.cwd);
    return {
      scope,
      via: [...frame.via, label],
      hopEnv: worseEnv(frame.hopEnv, opts.env ?? 'unknown'),
      remote,
      depth: frame.depth + 1,
      cmdEnv: opts.remote ? {} : frame.cmdEnv,
    };
  }

  /** Code arriving on stdin for a shell: analyse it when we can see it, flag it when we cannot. */
  private codeOnStdin(stdin: Producer | undefined, frame: Frame, label: string): Producer | undefined {
    if (!stdin) return undefined;
    switch (stdin.kind) {
      case 'text':
        return this.walker.script(stdin.text, this.hop(frame, label));
      case 'remote':
        this.emit(
          unknownAction(
            frame,
            'shell/remote-code',
            `runs code downloaded from ${stdin.source}: its effect cannot be judged from the command`,
          ),
        );
        return undefined;
      case 'file': {
        const known = frame.scope.files.get(stdin.path);
        if (known !== undefined) return this.walker.script(known, this.hop(frame, label));
        this.emit(
          unknownAction(frame, 'shell/script-stdin', `runs the script ${stdin.path}, whose contents are not visible here`),
        );
        return undefined;
      }
      case 'dynamic':
        this.emit(
          unknownAction(frame, 'shell/pipe-to-shell', `pipes the output of ${stdin.source} into a shell: the code it runs is not known`),
        );
        if (stdin.partial) this.walker.script(stdin.partial, this.hop(frame, label));
        return undefined;
    }
  }

  private runUnwrapped(u: Unwrapped, frame: Frame, stdin: Producer | undefined, redirects: Redirect[]): Producer | undefined {
    const env = u.env && Object.keys(u.env).length > 0 ? { ...frame.cmdEnv, ...u.env } : frame.cmdEnv;
    const next: Frame = { ...this.hop(frame, u.via, u.cwd ? { cwd: u.cwd } : {}), cmdEnv: env };
    if (u.script !== undefined) return this.walker.script(u.script, next, stdin);
    if (u.inert) return undefined;
    return this.dispatch(u.payload, next, stdin, redirects);
  }

  /** Dispatch one command's words. Returns its stdout when statically known. */
  dispatch(words: Word[], frame: Frame, stdin: Producer | undefined, redirects: Redirect[]): Producer | undefined {
    let built: ToolContext | undefined;
    const ctx = (): ToolContext => (built ??= this.context(frame, stdin));
    if (redirects.length > 0) for (const a of redirectActions(redirects, ctx())) this.emit(a);
    const head = words[0];
    if (!head) return undefined;
    const rest = words.slice(1);
    if (head.dynamic) {
      this.emit(
        unknownAction(frame, 'shell/dynamic-command', `the program to run comes from ${head.text}, whose value is not known here`),
      );
      return undefined;
    }
    const name = normalizeName(head.text);

    const alias = frame.scope.aliases.get(name);
    if (alias !== undefined && this.aliasDepth < 8) {
      this.aliasDepth++;
      try {
        return this.walker.script([alias, ...rest.map((w) => shellQuote(w.text))].join(' '), { ...frame, depth: frame.depth + 1 }, stdin);
      } finally {
        this.aliasDepth--;
      }
    }
    const fn = frame.scope.functions.get(name);
    if (fn && !this.activeFunctions.has(name)) {
      this.activeFunctions.add(name);
      try {
        return this.walker.walk(fn, { ...frame, via: [...frame.via, `${name}()`], depth: frame.depth + 1 }, stdin);
      } finally {
        this.activeFunctions.delete(name);
      }
    }

    switch (name) {
      case 'eval': {
        if (rest.some((w) => w.dynamic)) {
          this.emit(unknownAction(frame, 'shell/eval-dynamic', 'evaluates text that is only known when it runs'));
        }
        return this.walker.script(rest.map((w) => w.text).join(' '), this.hop(frame, 'eval'), stdin);
      }
      case 'source':
      case '.': {
        const file = rest[0]?.text ?? '';
        const known = frame.scope.files.get(file);
        if (known !== undefined) return this.walker.script(known, this.hop(frame, `source ${file}`), stdin);
        return undefined;
      }
      case 'alias': {
        for (const w of rest) {
          const eq = w.text.indexOf('=');
          if (eq > 0) frame.scope.aliases.set(w.text.slice(0, eq), w.text.slice(eq + 1));
        }
        return undefined;
      }
      case 'cd':
      case 'pushd': {
        const target = rest.find((w) => !w.text.startsWith('-'));
        if (target && !target.dynamic) frame.scope.cwd = resolvePath(target.text, frame.scope.cwd);
        else if (!target) frame.scope.cwd = '~';
        return undefined;
      }
      case 'busybox':
      case 'toybox':
        return rest.length > 0 ? this.dispatch(rest, this.hop(frame, name), stdin, []) : undefined;
      case 'watch':
        return this.runUnwrapped(unwrapWatch(rest), frame, stdin, redirects);
      case 'flock':
        return this.runUnwrapped(unwrapFlock(rest), frame, stdin, redirects);
      case 'tmux':
      case 'screen':
        return this.runUnwrapped(unwrapTerminal(name, rest), frame, stdin, redirects);
      case 'xargs': {
        const x = expandXargs(rest, stdin);
        for (const run of x.runs) this.dispatch(run, this.hop(frame, x.via), undefined, []);
        return { kind: 'dynamic', source: 'xargs' };
      }
      case 'find': {
        const f = expandFind(rest);
        for (const run of f.runs) this.dispatch(run, this.hop(frame, f.via), undefined, []);
        for (const target of f.deletes) {
          this.dispatch([{ text: 'rm', dynamic: false }, { text: '-rf', dynamic: false }, target], this.hop(frame, 'find -delete'), undefined, []);
        }
        return findOutput(rest);
      }
      case 'parallel': {
        const scripts = parallelScripts(rest);
        for (const s of scripts.slice(0, 16)) this.walker.script(s, this.hop(frame, 'parallel'));
        const p = expandParallel(rest, stdin);
        for (const run of p.runs) this.dispatch(run, this.hop(frame, p.via), undefined, []);
        return { kind: 'dynamic', source: 'parallel' };
      }
      case 'ssh':
        return this.ssh(rest, frame, stdin);
      default:
        break;
    }

    if (SHELLS.has(name)) {
      const sh = shellInvocation(rest);
      if (sh.noexec) return undefined;
      if (sh.script) {
        if (sh.script.dynamic) {
          this.emit(unknownAction(frame, 'shell/dynamic-script', `${name} -c runs ${sh.script.text}, whose value is not known here`));
        }
        return this.walker.script(sh.script.text, this.hop(frame, `${name} -c`), stdin);
      }
      if (sh.file) {
        const known = frame.scope.files.get(sh.file.text);
        if (known !== undefined) return this.walker.script(known, this.hop(frame, `${name} ${sh.file.text}`), stdin);
        return undefined;
      }
      return this.codeOnStdin(stdin, frame, `| ${name}`);
    }

    const wrapped = unwrapSimple(name, rest) ?? unwrapLauncher(name, rest);
    if (wrapped) {
      // A wrapper with nothing to run prints something of its own (`env` prints every variable).
      if (wrapped.inert && wrapped.script === undefined) return { kind: 'dynamic', source: name };
      return this.runUnwrapped(wrapped, frame, stdin, redirects);
    }

    for (const [k, v] of Object.entries(frame.cmdEnv)) {
      const weakened = weakenedBy(k, v);
      if (weakened) {
        this.emit(ctx().action({ tool: name, verb: `${k}=${v}`, effect: 'exec', risk: 'low', rule: 'secrets/tls-verify-off-once', targets: [k], reasons: [`turns off ${weakened} for this one command`] }));
      }
    }
    const inv: Invocation = { name, args: rest.map((w) => w.text), words: rest, redirects, stdin };
    // Reading the gate's credentials, whatever the program (cat, sqlite3, cp, tar, base64 ...).
    for (const a of gateSecretReads(inv, ctx())) this.emit(a);
    const model = modelFor(name);
    if (model) {
      for (const a of model.analyze(inv, ctx())) this.emit(a);
    } else if (!INERT.has(name)) {
      this.emit(
        ctx().action({
          tool: name,
          verb: name,
          effect: 'exec',
          risk: 'none',
          rule: 'shell/no-model',
          reasons: [`no model for ${name}: judged as an ordinary program`],
        }),
      );
    }
    return staticOutput(name, rest, stdin, frame.scope.files);
  }

  /** `ssh [opts] host [command...]`: the command runs on the far side, in that host's environment. */
  private ssh(args: readonly Word[], frame: Frame, stdin: Producer | undefined): Producer | undefined {
    const value = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-P']);
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]?.text ?? '';
      if (a === '--') {
        i++;
        break;
      }
      if (!a.startsWith('-')) break;
      if (value.has(a)) i++;
      else if (a.length > 2 && value.has(a.slice(0, 2)) && !/^-[1246AaCfGgKkMNnqsTtVvXxYy]+$/.test(a)) continue;
    }
    const host = args[i]?.text ?? '';
    const payload = args.slice(i + 1);
    const hostName = host.includes('@') ? host.slice(host.indexOf('@') + 1) : host;
    const opts: HopOptions = { env: envFromNames(hostName), remote: true };
    const label = `ssh ${hostName}`;
    if (payload.length === 0) {
      if (stdin) return this.codeOnStdin(stdin, this.hop(frame, label, opts), '| sh');
      return undefined;
    }
    const remote = this.hop(frame, label, opts);
    if (payload.some((w) => w.dynamic)) {
      this.emit(unknownAction(remote, 'shell/dynamic-script', 'the remote command contains values only known when it runs'));
    }
    return this.walker.script(payload.map((w) => w.text).join(' '), { ...remote, depth: remote.depth }, stdin);
  }
}

export { BudgetExceeded };
